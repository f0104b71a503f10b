using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using MetaCapi.Files;
using MetaCapi.Mcp.Hosting;

namespace MetaCapi.Mcp.Commands;

/// <summary>
/// The one executable's commands, parsed with System.CommandLine: no command serves MCP over stdio (what every MCP
/// client starts), and each subcommand is a file of this folder. A process started with no arguments at all (how
/// clients start it) skips the parser and starts the stdio server at once: see <c>Program.cs</c>.
/// </summary>
internal static class CommandLine
{
    public const string Command = "metacapi-mcp";

    /// <summary>Exit code of a usage or configuration error (an unknown option, a bad setting).</summary>
    public const int UsageError = 2;

    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0 || parse.Tokens.Any(static t => t.Value is "--help" or "-h" or "-?"))
        {
            return parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,

                // On SIGTERM or Ctrl+C the command's own host stops gracefully (the http server lets calls in flight finish,
                // up to 30 s). System.CommandLine would end the process with exit code 143 two seconds after the signal.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(40),
            });
        }

        // The stdio server is lenient on purpose: some launchers add arguments of their own, and refusing to start over
        // one would leave the client with a closed connection and no explanation. Unknown tokens are noted and ignored.
        if (parse.CommandResult.Command == root)
        {
            return StdioServer.RunAsync([.. Settings(parse.UnmatchedTokens, stderr), .. FileRootSettings(parse.GetValue<string[]>(FileRootOption) ?? [])]);
        }

        // A subcommand is strict: a usage error names the problem, never a value (it may be a token).
        var command = parse.CommandResult.Command.Name;
        foreach (var error in parse.Errors)
        {
            stderr.WriteLine($"{Command} {command}: {Redact(error.Message, parse.UnmatchedTokens)}");
        }

        stderr.WriteLine($"See {Command} {command} --help.");
        return Task.FromResult(UsageError);
    }

    /// <summary>The command tree. Subcommands are added here, one line each.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "An MCP server that sends server-side conversion events to Meta's Conversions API. Without a command it serves " +
            "MCP over stdin/stdout: it is started by an MCP client, not by hand.");

        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption help when help.Action is HelpAction standard:
                    help.Action = new RootHelpAction(standard);
                    break;
                case VersionOption version:
                    version.Action = new VersionAction();
                    break;
            }
        }

        var fileRoots = new Option<string[]>(FileRootOption)
        {
            Description = "A folder the file tools may read (repeatable; also META_FILE_ROOTS).",
            HelpName = "DIR",
        };
        root.Options.Add(fileRoots);
        root.SetAction((parse, cancellationToken) => StdioServer.RunAsync(FileRootSettings(parse.GetValue(fileRoots) ?? [])));
        root.Subcommands.Add(UploadCommand.Create());
        root.Subcommands.Add(HttpCommand.Create());
        return root;
    }

    /// <summary>The option that opens a folder to the file tools, on the server and on <c>upload</c>.</summary>
    public const string FileRootOption = "--file-root";

    /// <summary>
    /// The folders of <c>--file-root</c> as configuration arguments (<c>--MetaCapi:FileRoot:0=DIR</c>), where every host's
    /// configuration finds them next to <c>META_FILE_ROOTS</c> (see <see cref="FileUploadSettings.CommandLineRoots"/>).
    /// </summary>
    public static string[] FileRootSettings(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var settings = new string[folders.Count];
        for (var i = 0; i < folders.Count; i++)
        {
            settings[i] = $"--{FileUploadSettings.CommandLineRoots}:{i}={folders[i]}";
        }

        return settings;
    }

    /// <summary>
    /// The arguments the host's configuration reads: settings given as <c>--META_NAME=value</c> (the same names as the
    /// environment variables). Anything else is ignored with a note on stderr that names it without its value.
    /// </summary>
    public static string[] Settings(IReadOnlyList<string> tokens, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(stderr);
        var kept = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            if (token.StartsWith("--META_", StringComparison.Ordinal) && token.Contains('=', StringComparison.Ordinal))
            {
                kept.Add(token);
            }
            else
            {
                stderr.WriteLine($"{Command}: ignoring unknown argument '{SafeName(token)}'. Settings are environment variables or --META_NAME=value; see --help.");
            }
        }

        return [.. kept];
    }

    /// <summary>An argument's name without its value: the value may be a token.</summary>
    private static string SafeName(string token) => token.Split('=', 2)[0];

    /// <summary>A parser message with each unknown token shown by its name only.</summary>
    private static string Redact(string message, IReadOnlyList<string> tokens)
    {
        foreach (var token in tokens)
        {
            message = message.Replace(token, SafeName(token), StringComparison.Ordinal);
        }

        return message;
    }

    private const string ClaudeDesktopExample =
        "{\"mcpServers\": {\"meta-capi\": {\"command\": \"" + Command + "\", \"env\": {\"META_ACCESS_TOKEN\": \"<token>\"}}}}";

    /// <summary>What the root command's help adds after the generated usage: the settings and how to register the server.</summary>
    private static string RootHelpFooter => $$"""
        Tools: meta_send_conversion_event, meta_send_conversion_events (batch), meta_preview_conversion_event (dry run);
        meta_get_event_stats and meta_get_dataset_quality (what Meta received, and its match quality; read-only);
        meta_preview_conversion_file and meta_send_conversion_file when META_FILE_ROOTS (or --file-root) is set.
        Upload a file from a terminal or cron: {{Command}} upload orders.csv --pixel-id ID (see {{Command}} upload --help).

        Settings (environment variables, or --NAME=value; stdout carries only the protocol, logs go to stderr):
          META_ACCESS_TOKEN                Conversions API access token (Events Manager → dataset → Settings →
                                           Conversions API → Generate access token). Needed to send, not to start,
                                           list tools or preview. Never printed.
          META_APP_SECRET                  App secret; when set, requests carry appsecret_proof. Never printed.
          META_GRAPH_API_VERSION           Graph API version, default v25.0.
          META_GRAPH_BASE_URL              Graph API base URL, default https://graph.facebook.com.
          META_TEST_EVENT_CODE             Default test_event_code (routes events to Test Events).
          META_DEFAULT_COUNTRY             ISO 3166-1 alpha-2 country for phone numbers without country code.
          META_HTTP_MAX_ATTEMPTS           Attempts per request, first included, default 3 (1 = no retry).
          META_HTTP_TIMEOUT_SECONDS        Timeout of one attempt, default 10.
          META_HTTP_TOTAL_TIMEOUT_SECONDS  Bound on one delivery with retries and waits, default 30.
          META_HTTP_RETRY_BASE_DELAY_SECONDS  First retry delay before backoff and jitter, default 1 (advanced).
          META_FILE_ROOTS                  Folders the file tools may read, separated by '{{Path.PathSeparator}}' (also --file-root DIR).
          META_STATE_DIR                   Where the upload journal lives, default ~/.local/share/metacapi-mcp.
          META_UPLOAD_PARALLELISM          Requests in flight at once during a file upload, 1-16, default 4.
          META_UPLOAD_BATCH_SIZE           Events per request during a file upload, 1-1000, default 1000.

        Register it with a client, e.g. Claude Desktop (claude_desktop_config.json):
          {{ClaudeDesktopExample}}
        or from a clone (after `dotnet build <clone>/src/MetaCapi.Mcp -c Release`):
          "command": "dotnet", "args": ["run", "--project", "<clone>/src/MetaCapi.Mcp", "-c", "Release", "--no-build"]

        """;

    /// <summary>The generated help, followed on the root command by <see cref="RootHelpFooter"/>.</summary>
    private sealed class RootHelpAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standard.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                parseResult.InvocationConfiguration.Output.Write(RootHelpFooter);
            }
            else if (parseResult.CommandResult.Command is IHelpFooter command)
            {
                parseResult.InvocationConfiguration.Output.Write(command.HelpFooter);
            }

            return exitCode;
        }
    }

    /// <summary>What a subcommand's help adds after the generated usage (its settings, examples).</summary>
    internal interface IHelpFooter
    {
        string HelpFooter { get; }
    }

    /// <summary><c>--version</c> prints the command's name and version (<c>metacapi-mcp 1.2.3</c>).</summary>
    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"{Command} {Version}");
            return 0;
        }
    }
}
