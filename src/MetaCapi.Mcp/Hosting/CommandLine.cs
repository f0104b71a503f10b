using System.Reflection;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// The few things the command line does before the protocol starts: <c>--help</c>, <c>--version</c>, and
/// settings given as <c>--META_NAME=value</c> (the same names as the environment variables).
/// </summary>
internal static class CommandLine
{
    public const string Command = "metacapi-mcp";

    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>
    /// Handles <paramref name="args"/>: returns an exit code when the process should stop without serving
    /// (<c>--help</c>, <c>--version</c>), else the arguments the host's configuration may read (<c>--META_NAME=value</c>).
    /// Anything else is ignored with a note on stderr: some launchers add arguments of their own, and refusing to start
    /// over one would leave the client with a closed connection and no explanation.
    /// </summary>
    public static int? Handle(string[] args, TextWriter stdout, TextWriter stderr, out string[] settings)
    {
        settings = [];
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    stdout.Write(Help);
                    return 0;
                case "--version":
                    stdout.WriteLine($"{Command} {Version}");
                    return 0;
            }
        }

        var kept = new List<string>(args.Length);
        foreach (var arg in args)
        {
            if (arg.StartsWith("--META_", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                kept.Add(arg);
            }
            else
            {
                // Name the argument, never echo a value: it may be a token.
                var name = arg.Split('=', 2)[0];
                stderr.WriteLine($"{Command}: ignoring unknown argument '{name}'. Settings are environment variables or --META_NAME=value; see --help.");
            }
        }

        settings = [.. kept];
        return null;
    }

    private const string ClaudeDesktopExample =
        "{\"mcpServers\": {\"meta-capi\": {\"command\": \"" + Command + "\", \"env\": {\"META_ACCESS_TOKEN\": \"<token>\"}}}}";

    private static string Help => $$"""
        {{Command}} {{Version}}: an MCP server (stdio) that sends server-side conversion events to Meta's Conversions API.

        Usage:
          {{Command}}                 serve MCP over stdin/stdout (started by an MCP client, not by hand)
          {{Command}} --help          show this help
          {{Command}} --version       show the version

        Tools: meta_send_conversion_event, meta_send_conversion_events (batch), meta_preview_conversion_event (dry run).

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

        Register it with a client, e.g. Claude Desktop (claude_desktop_config.json):
          {{ClaudeDesktopExample}}
        or from a clone: "command": "dotnet", "args": ["run", "--project", "<clone>/src/MetaCapi.Mcp"].

        """;
}
