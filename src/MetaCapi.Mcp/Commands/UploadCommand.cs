using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Hosting;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Mcp.Tools;
using MetaCapi.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Commands;

/// <summary>
/// <c>metacapi-mcp upload FILE --pixel-id ID …</c>: the file tools from a terminal or cron, with the same engine and
/// journal (a repeated or interrupted upload continues where it stopped). Progress goes to stderr (a bar on a terminal,
/// plain lines otherwise), the summary to stdout (<c>--json</c>: the tools' result object). Exit code 0 when every valid
/// row was sent (or, with <c>--dry-run</c>, every row is valid), 1 when rows were rejected or failed, 2 for a usage or
/// configuration error.
/// </summary>
internal static class UploadCommand
{
    public const int RowsRejectedOrFailed = 1;

    public static Command Create()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The file: CSV/TSV with a header row, JSON Lines or a JSON array of events; UTF-8, optionally .gz.",
        };
        var pixel = new Option<string>("--pixel-id") { Description = "The Meta Pixel (dataset) ID (required to send).", HelpName = "ID" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read, map, validate and hash every row; send nothing (no token needed)." };
        var columns = new Option<string[]>("--column")
        {
            Description = "Map a column to an event field, e.g. --column \"Order Date=event_time\"; an empty FIELD ignores the column. Repeatable.",
            HelpName = "HEADER=FIELD",
        };
        var defaults = new Option<string[]>("--default")
        {
            Description = "A value for every row that has none, e.g. --default event_name=Purchase --default action_source=physical_store. Repeatable.",
            HelpName = "FIELD=VALUE",
        };
        var timeZone = new Option<string>("--time-zone") { Description = "IANA time zone for times without an offset (default UTC).", HelpName = "ZONE" };
        var testCode = new Option<string>("--test-event-code") { Description = "Send to Events Manager → Test Events with this code.", HelpName = "CODE" };
        var json = new Option<bool>("--json") { Description = "Print the result object of meta_send_conversion_file (JSON) on stdout." };
        var format = new Option<string>("--format") { Description = "auto (default), csv, jsonl or json.", HelpName = "FORMAT" };
        var force = new Option<bool>("--force") { Description = "Send again an upload the journal says is finished." };
        var rejectedRows = new Option<string>("--rejected-rows") { Description = "Write the rejected rows, with a reason column, to this file.", HelpName = "FILE" };
        var fileRoots = new Option<string[]>("--file-root")
        {
            Description = "Hold FILE and --rejected-rows to this folder (repeatable; also META_FILE_ROOTS). Without one, the files you name are used.",
            HelpName = "DIR",
        };

        var command = new Command("upload",
            "Send (or with --dry-run, preview) the offline conversions in a file, as the meta_send_conversion_file tool does. Settings are " +
            "the META_* environment variables (META_ACCESS_TOKEN to send). Safe to repeat from cron: an interrupted upload continues, a " +
            "finished one is not sent again (--force sends it again).");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { pixel, dryRun, columns, defaults, timeZone, testCode, json, format, force, rejectedRows, fileRoots })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(
            new Arguments(
                parse.GetValue(file)!,
                parse.GetValue(pixel),
                parse.GetValue(dryRun),
                parse.GetValue(columns) ?? [],
                parse.GetValue(defaults) ?? [],
                parse.GetValue(timeZone),
                parse.GetValue(testCode),
                parse.GetValue(json),
                parse.GetValue(format),
                parse.GetValue(force),
                parse.GetValue(rejectedRows),
                parse.GetValue(fileRoots) ?? []),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private sealed record Arguments(
        string File,
        string? PixelId,
        bool DryRun,
        string[] Columns,
        string[] Defaults,
        string? TimeZone,
        string? TestEventCode,
        bool Json,
        string? Format,
        bool Force,
        string? RejectedRows,
        string[] FileRoots);

    private static async Task<int> RunAsync(Arguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(CommandLine.FileRootSettings(arguments.FileRoots))
            .Build();
        var usage = new List<string>(StdioServer.SettingsErrors(configuration));
        var request = ReadRequest(arguments, usage);
        if (!arguments.DryRun && string.IsNullOrWhiteSpace(arguments.PixelId))
        {
            usage.Add("--pixel-id is required to send (or use --dry-run to preview).");
        }

        if (usage.Count > 0)
        {
            foreach (var line in usage)
            {
                await stderr.WriteLineAsync($"{CommandLine.Command} upload: {line}").ConfigureAwait(false);
            }

            return CommandLine.UsageError;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddStderrConsole(configuration);
        });
        services.AddMetaConversionsApi(configuration);
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value;
        var uploads = FileUploadSettings.Read(configuration).Options;
        if (!uploads.Roots.IsConfigured)
        {
            // A person at a terminal names the files: their folders are the ones open to this run.
            uploads.Roots = new FileRoots(new[] { request.Path, request.RejectedRowsPath }
                .Where(static p => p is not null)
                .Select(static p => Path.GetDirectoryName(p!)!)
                .Distinct(StringComparer.Ordinal));
        }

        var diagnostics = new Diagnostics();
        if (request.TestEventCode is { } code)
        {
            diagnostics.Warning("test_event_code", EventCall.TestModeWarning(code, options));
        }

        if (!arguments.DryRun)
        {
            EventCall.RequireToken(options, diagnostics);
            if (diagnostics.HasErrors)
            {
                await stderr.WriteLineAsync($"{CommandLine.Command} upload: META_ACCESS_TOKEN is not set: export it (a Conversions API token from Events Manager → " +
                                            "your dataset → Settings → Conversions API), or use --dry-run.").ConfigureAwait(false);
                return CommandLine.UsageError;
            }
        }

        var uploader = new ConversionFileUploader(provider.GetRequiredService<EventPreparer>(), uploads);
        var progress = new ConsoleProgress(stderr, interactive: !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error));
        var report = arguments.DryRun
            ? await uploader.PreviewAsync(request, diagnostics, progress, cancellationToken).ConfigureAwait(false)
            : await uploader.SendAsync(request, provider.GetRequiredService<ConversionsApiClient>(), diagnostics, progress, cancellationToken).ConfigureAwait(false);
        progress.End();

        var result = FileResultFactory.From(report, diagnostics, request.PixelId, request.TestEventCode);
        await stdout.WriteAsync(arguments.Json
            ? JsonSerializer.Serialize(result, McpJsonContext.Default.FileResult) + "\n"
            : FileMarkdownRenderer.Render(result)).ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCode(report);
    }

    /// <summary>0: every valid row sent (or valid, for a dry run). 1: rows rejected or failed. 2: nothing could start (a usage problem).</summary>
    private static int ExitCode(UploadReport report) => report.Status switch
    {
        UploadStatus.Sent => 0,
        UploadStatus.Preview => report.RowsRejected == 0 ? 0 : RowsRejectedOrFailed,
        UploadStatus.Rejected when report.RowsRejected == 0 && report.RowsValid == 0 => CommandLine.UsageError,
        _ => RowsRejectedOrFailed,
    };

    private static ConversionFileRequest ReadRequest(Arguments arguments, List<string> usage)
    {
        var columns = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in arguments.Columns)
        {
            if (Split(pair) is not var (header, field) || header.Length == 0)
            {
                usage.Add("--column takes HEADER=FIELD (e.g. --column \"Order Date=event_time\"; an empty FIELD ignores the column).");
                continue;
            }

            columns[header] = field.Length == 0 ? null : field;
        }

        var defaults = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in arguments.Defaults)
        {
            if (Split(pair) is not var (field, value) || field.Length == 0)
            {
                usage.Add("--default takes FIELD=VALUE (e.g. --default event_name=Purchase).");
                continue;
            }

            defaults[field] = JsonSerializer.SerializeToElement(value, McpJsonContext.Default.String);
        }

        var format = arguments.Format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => ConversionFileFormat.Auto,
            "csv" or "tsv" => ConversionFileFormat.Csv,
            "jsonl" or "ndjson" => ConversionFileFormat.JsonLines,
            "json" => ConversionFileFormat.Json,
            _ => (ConversionFileFormat?)null,
        };
        if (format is null)
        {
            usage.Add("--format takes auto, csv, jsonl or json.");
        }

        return new ConversionFileRequest
        {
            Path = Path.GetFullPath(arguments.File),
            PixelId = string.IsNullOrWhiteSpace(arguments.PixelId) ? null : arguments.PixelId.Trim(),
            Format = format ?? ConversionFileFormat.Auto,
            Columns = columns,
            Defaults = defaults,
            TimeZone = arguments.TimeZone,
            TestEventCode = string.IsNullOrWhiteSpace(arguments.TestEventCode) ? null : arguments.TestEventCode.Trim(),
            Force = arguments.Force,
            RejectedRowsPath = arguments.RejectedRows is null ? null : Path.GetFullPath(arguments.RejectedRows),
        };
    }

    private static (string Left, string Right)? Split(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? null : (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
    }

    /// <summary>Progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds otherwise (logs, cron mail).</summary>
    private sealed class ConsoleProgress(TextWriter stderr, bool interactive) : IProgress<UploadProgress>
    {
        private const int BarWidth = 30;
        private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
        private readonly Lock _gate = new();
        private long _lastPlain;
        private bool _drawn;
        private UploadProgress _last;
        private string? _printed;

        public void Report(UploadProgress value)
        {
            lock (_gate)
            {
                _last = value;
                if (interactive)
                {
                    var share = value.RowsTotal == 0 ? 1.0 : (double)value.RowsDone / value.RowsTotal;
                    var filled = (int)Math.Round(share * BarWidth);
                    stderr.Write(string.Create(CultureInfo.InvariantCulture,
                        $"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {share * 100,3:0}% {value.Message}\u001b[K"));
                    _drawn = true;
                    return;
                }

                var now = TimeProvider.System.GetTimestamp();
                if (_lastPlain == 0 || TimeProvider.System.GetElapsedTime(_lastPlain, now) >= PlainInterval || value.RowsDone == value.RowsTotal)
                {
                    _lastPlain = now;
                    _printed = value.Message;
                    stderr.WriteLine($"{CommandLine.Command} upload: {value.Message}");
                }
            }
        }

        public void End()
        {
            lock (_gate)
            {
                if (_drawn)
                {
                    stderr.WriteLine();
                }
                else if (!interactive && _last.RowsTotal > 0 && _printed != _last.Message)
                {
                    stderr.WriteLine($"{CommandLine.Command} upload: {_last.Message}");
                }

                stderr.Flush();
            }
        }
    }
}
