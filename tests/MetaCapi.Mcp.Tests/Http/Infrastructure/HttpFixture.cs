using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MetaCapi.Mcp.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tests.Http.Infrastructure;

/// <summary>
/// One HTTP server configuration, hosted both ways on demand (in process and as the executable), with everything it
/// talks to on 127.0.0.1: the fake Graph API, a fake OAuth issuer, a keys file with two callers (<see cref="ShopKey"/>
/// for <see cref="PixelA"/> only, <see cref="AdminKey"/> for every pixel). Every credential it hands out is on the
/// list the leak scans look for.
/// </summary>
public class HttpFixture : IAsyncLifetime
{
    public const string PixelA = GraphFake.PixelId;
    public const string PixelB = "9876543210";
    public const string ShopKey = "mcpk-shop-a-6b1f0e0c2d5a4f3e9b8c7d6e5f4a3b2c";
    public const string AdminKey = "mcpk-admin-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";
    public const string Audience = "https://mcp.test.example/mcp";
    public const string AllowedOrigin = "https://app.example.com";

    private readonly ConcurrentDictionary<HostKind, Task<IMcpHttpHost>> _hosts = new();
    private readonly ConcurrentQueue<string> _secrets = new([ShopKey, AdminKey]);
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("metacapi-http-").FullName;

    public HttpFixture()
        : this(overrides: null)
    {
    }

    protected HttpFixture(IReadOnlyDictionary<string, string?>? overrides)
    {
        var keysFile = Path.Combine(_directory, "keys.json");
        File.WriteAllText(keysFile, $$"""
            [
              {"name": "shop-a", "sha256": "{{Sha256(ShopKey)}}", "pixels": ["{{PixelA}}"]},
              {"name": "admin", "sha256": "{{Sha256(AdminKey)}}", "pixels": ["*"]}
            ]
            """);
        Environment = ServerCommand.EnvironmentFor(Graph.Url, new Dictionary<string, string?>
        {
            ["META_MCP_API_KEYS_FILE"] = keysFile,
            ["META_MCP_OAUTH_AUTHORITY"] = Issuer.Url,
            ["META_MCP_OAUTH_AUDIENCE"] = Audience,
            ["META_MCP_ALLOWED_ORIGINS"] = AllowedOrigin,
            ["META_MCP_RATE_LIMIT_PER_MINUTE"] = "100000",
            // The file tools exist only with a root: with one, they are among the tools every pixel test covers.
            ["META_FILE_ROOTS"] = _directory,
            ["META_STATE_DIR"] = Path.Combine(_directory, "state"),
            // Authentication, authorization and the server's own diagnostics are in the scanned log too.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
        });
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            Environment[key] = value;
        }
    }

    public GraphFake Graph { get; } = new();

    public FakeIssuer Issuer { get; } = new();

    public Dictionary<string, string?> Environment { get; }

    public string Directory => _directory;

    /// <summary>The credentials handed out so far: none may appear in a response or a log line.</summary>
    public IReadOnlyList<string> Secrets => [.. _secrets];

    public Task<IMcpHttpHost> HostAsync(HostKind kind) => _hosts.GetOrAdd(kind, k => McpHttpHosts.StartAsync(k, Environment));

    /// <summary>A token from <see cref="Issuer"/> for this server (see <see cref="FakeIssuer.Token"/>), remembered as a secret.</summary>
    public string Token(string scope = "capi.send capi.read", string pixels = "*", TimeSpan? expiresIn = null, string audience = Audience)
    {
        var token = Issuer.Token(audience, scope, pixels, expiresIn);
        _secrets.Enqueue(token);
        return token;
    }

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values.Where(h => h.IsCompletedSuccessfully))
        {
            await (await host).DisposeAsync();
        }

        Graph.Dispose();
        Issuer.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Connecting the official SDK's HTTP client to a server under test, and calling tools with JSON arguments.</summary>
public static class HttpMcp
{
    /// <summary>The sessionless revision: one POST per request, no <c>initialize</c>.</summary>
    public const string Latest = "2026-07-28";

    /// <summary>The last revision with the <c>initialize</c> handshake (and, in hybrid mode, a session).</summary>
    public const string Previous = "2025-11-25";

    public static async Task<McpClient> ConnectAsync(HttpClient http, Uri endpoint, string protocolVersion, string? bearer)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = bearer is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearer },
            },
            http,
            ownsHttpClient: false);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            DiscoverProbeTimeout = TimeSpan.FromSeconds(60),
            InitializationTimeout = TimeSpan.FromSeconds(120),
        });
    }

    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, string argumentsJson)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return await client.CallToolAsync(tool, arguments);
    }

    /// <summary>A website purchase for <paramref name="pixelId"/> with <paramref name="eventId"/> (see <see cref="EventJson.WebsitePurchase"/>).</summary>
    public static string Purchase(string pixelId = HttpFixture.PixelA, string eventId = "order-1001") =>
        EventJson.WebsitePurchase()
            .Replace($"\"{GraphFake.PixelId}\"", $"\"{pixelId}\"", StringComparison.Ordinal)
            .Replace("order-1001", eventId, StringComparison.Ordinal);
}

/// <summary>
/// Base of the HTTP test classes: each test starts with the fake Graph API accepting events and gets its own recorded
/// HTTP client; it ends with every response it received and the server's log scanned for leaks.
/// </summary>
public abstract class HttpTest<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : HttpFixture
{
    private readonly List<(HttpTraffic Traffic, IMcpHttpHost Host)> _clients = [];

    protected TFixture Fixture => fixture;

    protected GraphFake Graph => fixture.Graph;

    public virtual Task InitializeAsync()
    {
        Graph.Succeeds();
        return Task.CompletedTask;
    }

    /// <summary>An HTTP client to <paramref name="host"/> whose every response is recorded for the leak scan.</summary>
    protected HttpClient Client(IMcpHttpHost host)
    {
        var traffic = new HttpTraffic(host.CreateHandler());
        _clients.Add((traffic, host));
        return new HttpClient(traffic) { BaseAddress = new Uri(host.Endpoint.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromMinutes(2) };
    }

    public virtual Task DisposeAsync()
    {
        foreach (var (traffic, host) in _clients)
        {
            Leaks.AssertNone(traffic.Transcript() + "\n" + string.Join("\n", host.LogLines), fixture.Secrets);
        }

        return Task.CompletedTask;
    }
}
