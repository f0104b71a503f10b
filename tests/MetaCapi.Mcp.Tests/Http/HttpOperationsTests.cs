using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MetaCapi.Mcp.Hosting.Http;
using MetaCapi.Mcp.Tests.Http.Infrastructure;
using MetaCapi.Mcp.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MetaCapi.Mcp.Tests.Http;

/// <summary>Running the server: health and readiness, the log line per request, the graceful stop, the command line, telemetry.</summary>
public sealed class HttpOperationsTests(HttpFixture fixture) : HttpTest<HttpFixture>(fixture)
{
    public static TheoryData<HostKind> Hosts => [HostKind.InProcess, HostKind.Process];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Healthz_and_readyz_answer_without_a_credential(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);

        using var alive = await http.GetAsync("/healthz");
        using var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_503_while_the_OAuth_authority_cannot_be_read_and_degraded_without_a_Meta_token()
    {
        var unreachable = new Dictionary<string, string?>(Fixture.Environment)
        {
            ["META_MCP_OAUTH_AUTHORITY"] = $"http://127.0.0.1:{FakeIssuer.FreePort()}",
        };
        await using (var host = await McpHttpHosts.StartAsync(HostKind.InProcess, unreachable))
        {
            using var http = Client(host);
            using var ready = await http.GetAsync("/readyz");
            using var alive = await http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        var tokenless = new Dictionary<string, string?>(Fixture.Environment) { ["META_ACCESS_TOKEN"] = null };
        await using (var host = await McpHttpHosts.StartAsync(HostKind.InProcess, tokenless))
        {
            using var http = Client(host);
            using var ready = await http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Each_request_is_one_log_line_with_caller_tool_status_and_duration(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, HttpFixture.ShopKey);
        var before = host.LogLines.Count;

        await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(eventId: "logged-" + kind));
        await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB));

        var lines = await HttpRequests.EventuallyAsync(
            () => host.LogLines.Skip(before).Where(l => l.Contains("RequestTracking", StringComparison.Ordinal) && l.Contains("tools/call", StringComparison.Ordinal)).ToList(),
            l => l.Count >= 2);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.StartsWith("info: MetaCapi.Mcp.Hosting.Http.RequestTracking[1] POST /mcp 200", line, StringComparison.Ordinal));
        // The lines are written as each answer completes, so their order is not the calls' order.
        Assert.Single(lines, l => Regex.IsMatch(l, @"POST /mcp 200 in \d+\.\d ms: caller shop-a, tools/call, tool meta_send_conversion_event, sent$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"POST /mcp 200 in \d+\.\d ms: caller shop-a, tools/call, tool meta_send_conversion_event, rejected$"));
    }

    [Theory]
    [InlineData(HttpMcp.Latest)]
    [InlineData(HttpMcp.Previous)]
    public async Task SIGTERM_during_a_slow_Graph_call_lets_the_call_finish_then_exits_0(string protocolVersion)
    {
        Graph.EchoesEventId(TimeSpan.FromSeconds(2));
        var server = await HttpServerProcess.StartAsync(Fixture.Environment);
        await using (server)
        {
            var traffic = new HttpTraffic(server.CreateHandler());
            using var http = new HttpClient(traffic);
            var client = await HttpMcp.ConnectAsync(http, server.Endpoint, protocolVersion, HttpFixture.ShopKey);

            var call = client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(eventId: "in-flight"));
            await HttpRequests.EventuallyAsync(() => Graph.RequestsInFlight, n => n == 1);
            server.Terminate();
            var result = await call;

            Assert.Equal("sent", result.Status());
            Assert.Equal("echo-in-flight", result.Structured().GetProperty("fbtrace_id").GetString());
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            await client.DisposeAsync();
            Assert.Contains(server.LogLines, l => l.Contains("tool meta_send_conversion_event, sent", StringComparison.Ordinal));
            Leaks.AssertNone(traffic.Transcript() + string.Join("\n", server.LogLines), Fixture.Secrets);
        }
    }

    [Fact]
    public async Task Traces_and_metrics_go_to_the_OTLP_endpoint_when_one_is_set_and_carry_no_secret()
    {
        using var collector = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FakeIssuer.FreePort()}"] });
        collector.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var environment = new Dictionary<string, string?>(Fixture.Environment)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls[0],
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        var server = await HttpServerProcess.StartAsync(environment);
        await using (server)
        {
            using var http = new HttpClient(server.CreateHandler());
            await using (var client = await HttpMcp.ConnectAsync(http, server.Endpoint, HttpMcp.Latest, HttpFixture.ShopKey))
            {
                Assert.Equal("sent", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase())).Status());
                Assert.Equal("rejected", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB))).Status());
            }

            // Stopping flushes both exporters.
            server.Terminate();
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var exported = collector.LogEntries.ToList();
        var traces = Text(exported.Where(e => e.RequestMessage.Path == "/v1/traces"));
        var metrics = Text(exported.Where(e => e.RequestMessage.Path == "/v1/metrics"));
        Assert.Contains("meta_send_conversion_event", traces, StringComparison.Ordinal);
        foreach (var name in new[] { "metacapi.events", "metacapi.tool.duration", "metacapi.graph.request.duration", "http.server.request.duration" })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        Assert.Contains("rejected", metrics, StringComparison.Ordinal);
        Leaks.AssertNone(traces + metrics, Fixture.Secrets);
    }

    [Fact]
    public async Task Without_OTLP_settings_nothing_is_exported()
    {
        var host = await Fixture.HostAsync(HostKind.Process);
        Assert.DoesNotContain(host.LogLines, l => l.Contains("OpenTelemetry", StringComparison.OrdinalIgnoreCase));
        Assert.Null(Fixture.Environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    [Fact]
    public async Task Http_help_documents_every_setting_and_exits_0()
    {
        var help = await RawServer.RunToExitAsync(Fixture.Environment, "http", "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var setting in new[]
                 {
                     HttpSettings.ApiKeysFileVariable, HttpSettings.OAuthAuthorityVariable, HttpSettings.OAuthAudienceVariable,
                     HttpSettings.AllowedOriginsVariable, HttpSettings.RateLimitVariable, HttpSettings.SessionModeVariable,
                     HttpSettings.RequestTimeoutVariable, "META_PIXEL_TOKENS_FILE", "OTEL_EXPORTER_OTLP_ENDPOINT", "--urls",
                 })
        {
            Assert.Contains(setting, help.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task It_refuses_to_listen_beyond_loopback_without_authentication()
    {
        var environment = new Dictionary<string, string?>(Fixture.Environment)
        {
            ["META_MCP_API_KEYS_FILE"] = null,
            ["META_MCP_OAUTH_AUTHORITY"] = null,
            ["META_MCP_OAUTH_AUDIENCE"] = null,
        };

        var run = await RawServer.RunToExitAsync(environment, "http", "--urls", $"http://0.0.0.0:{FakeIssuer.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Refusing to listen on http://0.0.0.0", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("META_MCP_API_KEYS_FILE", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_loopback_without_authentication_it_warns_and_serves()
    {
        var environment = new Dictionary<string, string?>(Fixture.Environment)
        {
            ["META_MCP_API_KEYS_FILE"] = null,
            ["META_MCP_OAUTH_AUTHORITY"] = null,
            ["META_MCP_OAUTH_AUDIENCE"] = null,
        };
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var http = Client(server);
        await using var client = await HttpMcp.ConnectAsync(http, server.Endpoint, HttpMcp.Latest, bearer: null);

        Assert.Equal("sent", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB))).Status());
        Assert.Contains(server.LogLines, l => l.StartsWith("warn:", StringComparison.Ordinal) && l.Contains("No authentication is configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("META_MCP_API_KEYS_FILE", "[{\"name\": \"x\", \"sha256\": \"mcpk-plain-key-by-mistake\", \"pixels\": [\"1\"]}]", "\"sha256\" must be the 64 hex digits")]
    [InlineData("META_MCP_API_KEYS_FILE", "{\"name\": \"x\"}", "non-empty array of keys")]
    [InlineData("META_MCP_OAUTH_AUTHORITY", "http://login.example.com", "must use https")]
    [InlineData("META_MCP_RATE_LIMIT_PER_MINUTE", "-5", "META_MCP_RATE_LIMIT_PER_MINUTE: '-5' is not a number of requests")]
    [InlineData("META_MCP_ALLOWED_ORIGINS", "https://ok.example.com,not an origin", "'not an origin' is not an origin")]
    [InlineData("META_MCP_SESSION_MODE", "sticky", "use hybrid (default) or stateless")]
    [InlineData("META_PIXEL_TOKENS_FILE", "[\"EAAsecret\"]", "META_PIXEL_TOKENS_FILE: Expected a JSON object")]
    public async Task An_invalid_setting_stops_the_start_with_one_line_naming_it(string setting, string value, string expected)
    {
        var environment = new Dictionary<string, string?>(Fixture.Environment);
        if (setting.EndsWith("_FILE", StringComparison.Ordinal))
        {
            var file = Path.Combine(Fixture.Directory, $"bad-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(file, value);
            environment[setting] = file;
        }
        else
        {
            environment[setting] = value;
        }

        var run = await RawServer.RunToExitAsync(environment, "http", "--urls", $"http://127.0.0.1:{FakeIssuer.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(setting, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("mcpk-plain-key-by-mistake", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAsecret", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_argument_of_http_is_a_usage_error()
    {
        var run = await RawServer.RunToExitAsync(Fixture.Environment, "http", "--port=8080");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unrecognized argument '--port'", run.Stderr, StringComparison.Ordinal);
    }

    private static string Text(IEnumerable<WireMock.Logging.ILogEntry> entries) =>
        string.Join("\n", entries.Select(e => Encoding.UTF8.GetString(e.RequestMessage.BodyAsBytes ?? [])));
}
