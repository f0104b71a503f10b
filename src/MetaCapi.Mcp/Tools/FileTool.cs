using System.Text.Json;
using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// The file tools (preview and send): results of the <see cref="FileResult"/> shape, every row through the one
/// <see cref="ConversionFileUploader"/> (the same <see cref="EventPreparer"/> and client as the event tools). Arguments
/// are read here; problems become a <c>rejected</c> result naming the parameter.
/// </summary>
internal abstract class FileTool : McpTool<FileResult>
{
    private readonly IOptions<ConversionsApiOptions> _options;

    protected FileTool(
        Tool protocolTool, EventPreparer preparer, IOptions<ConversionsApiOptions> options, FileUploadOptions uploads, ILogger logger)
        : base(protocolTool, ResultShapes.File, logger)
    {
        _options = options;
        Uploader = new ConversionFileUploader(preparer, uploads);
    }

    protected ConversionFileUploader Uploader { get; }

    protected ConversionsApiOptions Options => _options.Value;

    /// <summary>The protocol description of a file tool.</summary>
    protected static Tool Describe(string name, string title, string description, bool send) =>
        Describe(name, title, description, FileToolSchemas.For(send), ResultShapes.File,
            readOnly: !send, destructive: false, idempotent: true, openWorld: send);

    /// <summary>Reads the arguments; null when a required one is missing or of the wrong type (the errors are in <paramref name="diagnostics"/>).</summary>
    protected ConversionFileRequest? ReadRequest(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics, bool send)
    {
        string[] accepted = send
            ? ["path", "pixel_id", "format", "columns", "defaults", "time_zone", "test_event_code", "response_format", "force", "rejected_rows_path"]
            : ["path", "pixel_id", "format", "columns", "defaults", "time_zone", "test_event_code", "response_format"];
        foreach (var name in arguments.Keys)
        {
            if (Array.IndexOf(accepted, name) < 0)
            {
                diagnostics.Error(name, $"Unknown parameter '{name}'. Accepted parameters: {string.Join(", ", accepted)}." +
                    (name is "force" or "rejected_rows_path" ? " It belongs to meta_send_conversion_file." : string.Empty));
            }
        }

        var path = String(arguments, "path", diagnostics);
        if (path is null && !diagnostics.HasErrorAt("path"))
        {
            diagnostics.Error("path", "path is required: the file to read, absolute or relative to the first folder of META_FILE_ROOTS.");
        }

        var pixelId = CallArguments.PixelId(arguments, diagnostics);
        if (send || pixelId is not null)
        {
            EventValidator.ValidatePixelId(pixelId, diagnostics);
        }

        var testEventCode = CallArguments.TestEventCode(arguments, diagnostics) ?? Options.TestEventCode;
        if (testEventCode is not null)
        {
            diagnostics.Warning("test_event_code", EventCall.TestModeWarning(testEventCode, Options));
        }

        var request = new ConversionFileRequest
        {
            Path = path ?? string.Empty,
            PixelId = pixelId,
            Format = Format(arguments, diagnostics),
            Columns = Columns(arguments, diagnostics),
            Defaults = Defaults(arguments, diagnostics),
            TimeZone = String(arguments, "time_zone", diagnostics),
            TestEventCode = testEventCode,
            Force = send && Flag(arguments, "force", diagnostics),
            RejectedRowsPath = send ? String(arguments, "rejected_rows_path", diagnostics) : null,
        };
        return path is null ? null : request;
    }

    /// <summary>Sends the upload's progress as MCP progress notifications when the client asked for them (a progress token).</summary>
    protected static ProgressNotifier? Progress(ToolCall call) =>
        call.Request.Params?.ProgressToken is { } token && call.Request.Server is { } server ? new ProgressNotifier(server, token) : null;

    private static string? String(IReadOnlyDictionary<string, JsonElement> arguments, string name, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            diagnostics.Error(name, $"{name} must be a string.");
            return null;
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    private static bool Flag(IReadOnlyDictionary<string, JsonElement> arguments, string name, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.ValueKind == JsonValueKind.True;
        }

        diagnostics.Error(name, $"{name} must be true or false.");
        return false;
    }

    /// <summary>The <c>format</c> values, as the input schema lists them.</summary>
    private static readonly string[] FileFormats = ["auto", "csv", "jsonl", "json"];

    private static ConversionFileFormat Format(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        var text = String(arguments, "format", diagnostics);
        switch (text?.ToLowerInvariant())
        {
            case null or "auto":
                return ConversionFileFormat.Auto;
            case "csv" or "tsv":
                return ConversionFileFormat.Csv;
            case "jsonl" or "ndjson":
                return ConversionFileFormat.JsonLines;
            case "json":
                return ConversionFileFormat.Json;
            default:
                diagnostics.Error("format", AcceptedValues.UnknownValue("format", text.Trim(), FileFormats) + " auto (the default) reads the file's extension.");
                return ConversionFileFormat.Auto;
        }
    }

    private static Dictionary<string, string?> Columns(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        var columns = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!arguments.TryGetValue("columns", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return columns;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error("columns", "columns must be an object: header → event field (or null to ignore the column), e.g. {\"Order Date\": \"event_time\"}.");
            return columns;
        }

        foreach (var property in value.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    columns[property.Name] = property.Value.GetString();
                    break;
                case JsonValueKind.Null:
                    columns[property.Name] = null;
                    break;
                default:
                    diagnostics.Error("columns." + property.Name,
                        $"columns.{property.Name} must be the name of an event field (e.g. \"user_data.em\", \"event_time\") or null to ignore the column.");
                    break;
            }
        }

        return columns;
    }

    private static Dictionary<string, JsonElement> Defaults(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        var defaults = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!arguments.TryGetValue("defaults", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaults;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error("defaults", "defaults must be an object: event field → value, e.g. {\"event_name\": \"Purchase\", \"action_source\": \"physical_store\"}.");
            return defaults;
        }

        foreach (var property in value.EnumerateObject())
        {
            defaults[property.Name] = property.Value.Clone();
        }

        return defaults;
    }
}

/// <summary>
/// An upload's progress as <c>notifications/progress</c> for the request's progress token, sent one after another in
/// order (progress only grows); <see cref="FlushAsync"/> lets the last one out before the result.
/// </summary>
internal sealed class ProgressNotifier(ModelContextProtocol.Server.McpServer server, ProgressToken token) : IProgress<UploadProgress>
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    public void Report(UploadProgress value)
    {
        lock (_gate)
        {
            _last = _last.ContinueWith(_ => SendAsync(value), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    public async Task FlushAsync()
    {
        Task last;
        lock (_gate)
        {
            last = _last;
        }

        try
        {
            await last.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The client does not read; the result goes anyway.
        }
    }

    private async Task SendAsync(UploadProgress value)
    {
        try
        {
            await server.NotifyProgressAsync(
                token,
                new ProgressNotificationValue { Progress = value.RowsDone, Total = value.RowsTotal, Message = value.Message }).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException or McpException or ObjectDisposedException)
        {
            // A progress notification that cannot be sent (the client went away) must not fail the upload.
        }
    }
}
