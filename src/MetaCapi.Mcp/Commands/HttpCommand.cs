using System.CommandLine;
using MetaCapi.Mcp.Hosting;
using MetaCapi.Mcp.Hosting.Http;

namespace MetaCapi.Mcp.Commands;

/// <summary>
/// <c>metacapi-mcp http [--urls URL]…</c>: the same tools over MCP Streamable HTTP at <c>/mcp</c>, for hosted agents
/// and shared deployments (<see cref="HttpServer"/>). Settings are the <c>META_*</c> variables plus the
/// <c>META_MCP_*</c> ones of <see cref="HttpSettings"/>, also accepted as <c>--META_NAME=value</c>.
/// </summary>
internal sealed class HttpCommand : Command, CommandLine.IHelpFooter
{
    private readonly Option<string[]> _urls = new("--urls")
    {
        Description = $"Address to listen on, repeatable (or several separated by ';'). Default {HttpSettings.DefaultUrl} (this machine only); " +
                      "http://0.0.0.0:8080 listens on every interface and requires authentication.",
        HelpName = "URL",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _fileRoots = new(CommandLine.FileRootOption)
    {
        Description = "A folder on this server the file tools may read (repeatable; also META_FILE_ROOTS). Without one the file tools are not offered.",
        HelpName = "DIR",
    };

    private HttpCommand()
        : base("http", "Serve the MCP tools over Streamable HTTP at /mcp, for remote clients: stateless, authenticated, behind any load balancer.")
    {
        Options.Add(_urls);
        Options.Add(_fileRoots);
        TreatUnmatchedTokensAsErrors = false;
        SetAction((parse, cancellationToken) =>
        {
            var settings = new List<string>();
            foreach (var token in parse.UnmatchedTokens)
            {
                if (token.StartsWith("--META_", StringComparison.Ordinal) && token.Contains('=', StringComparison.Ordinal))
                {
                    settings.Add(token);
                }
                else
                {
                    parse.InvocationConfiguration.Error.WriteLine(
                        $"{CommandLine.Command} http: unrecognized argument '{token.Split('=', 2)[0]}'. See {CommandLine.Command} http --help.");
                    return Task.FromResult(CommandLine.UsageError);
                }
            }

            var urls = (parse.GetValue(_urls) ?? [])
                .SelectMany(url => url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            return HttpServer.RunAsync(urls, [.. settings, .. CommandLine.FileRootSettings(parse.GetValue(_fileRoots) ?? [])]);
        });
    }

    public static HttpCommand Create() => new();

    public string HelpFooter => $$$"""

        Endpoints: POST /mcp (MCP Streamable HTTP: 2026-07-28 clients per request; 2025-era clients with a session in the
        default hybrid mode), GET /healthz (alive), GET /readyz (ready to serve), GET /.well-known/oauth-protected-resource.

        Settings (environment variables, appsettings.json, or --NAME=value), besides the META_* ones of {{{CommandLine.Command}}} --help:
          META_MCP_API_KEYS_FILE           JSON array of callers: [{"name": "shop-a", "sha256": "<hex SHA-256 of the key>",
                                           "pixels": ["1234567890"]}] ("*" = every pixel). Clients send
                                           Authorization: Bearer <key>. Hash a key: printf %s "$KEY" | sha256sum
          META_MCP_OAUTH_AUTHORITY         OAuth 2.1 issuer (https; http only on loopback). Its discovery document gives
                                           the signing keys. Tokens need scope capi.send (sending tools) or capi.read
                                           (the others) and the claim meta_pixels (space-separated pixel IDs, or *).
          META_MCP_OAUTH_AUDIENCE          This server's resource URL, the audience tokens must carry
                                           (e.g. https://mcp.example.com/mcp).
          META_MCP_ALLOWED_ORIGINS         Origins browsers may call from, comma-separated (https://app.example.com);
                                           a request with any other Origin gets 403. Default: none.
          META_MCP_RATE_LIMIT_PER_MINUTE   Requests per caller per minute, default 600 (0 = no limit); 429 + Retry-After.
          META_MCP_SESSION_MODE            hybrid (default: 2025-era clients get a session, so route them sticky) or
                                           stateless (no session for anyone: any load balancer, no stickiness).
          META_MCP_REQUEST_TIMEOUT_SECONDS Bound on one request, a tool call included, default 120; then 504.
          META_PIXEL_TOKENS_FILE           JSON object of pixel ID -> Meta token, for pixels with their own token; the
                                           others use META_ACCESS_TOKEN. Clients never send a Meta token.
          OTEL_EXPORTER_OTLP_ENDPOINT      When set, OpenTelemetry traces and metrics are exported over OTLP (the other
                                           OTEL_* variables apply).

        Without META_MCP_API_KEYS_FILE or META_MCP_OAUTH_AUTHORITY the server refuses to listen on any address but
        loopback. Request bodies are limited to 8 MiB (413). SIGTERM stops accepting, lets calls in flight finish
        (up to 30 s) and exits 0. Logs (one line per request: caller, tool, status, duration) go to stderr.

        A remote client's configuration: {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer <key>"}}

        """;
}
