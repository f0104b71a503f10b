using System.Text.Json;
using MetaCapi.Mcp.Tests.Http.Infrastructure;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests.Http;

/// <summary>
/// The server keeps no state between requests: replicas behind a load balancer that alternates between them answer
/// every call, and one process answers many calls at once, each with its own result.
/// </summary>
public sealed class HttpScaleTests : IAsyncLifetime
{
    private readonly HttpFixture _fixture = new();

    public Task InitializeAsync()
    {
        // On a loaded machine the fake Graph can take its time: generous per-attempt timeouts keep retries out of the counts.
        _fixture.Environment["META_HTTP_TIMEOUT_SECONDS"] = "120";
        _fixture.Environment["META_HTTP_TOTAL_TIMEOUT_SECONDS"] = "300";
        return _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Two_replicas_behind_a_round_robin_balancer_answer_200_calls_of_a_2026_client()
    {
        _fixture.Graph.EchoesEventId(TimeSpan.Zero);
        await using var first = await HttpServerProcess.StartAsync(_fixture.Environment);
        await using var second = await HttpServerProcess.StartAsync(_fixture.Environment);
        var balancer = new RoundRobin(new HttpTraffic(new SocketsHttpHandler()), first.BaseUrl, second.BaseUrl);
        using var http = new HttpClient(balancer);
        await using var client = await HttpMcp.ConnectAsync(http, first.Endpoint, HttpMcp.Latest, HttpFixture.ShopKey);

        for (var i = 0; i < 200; i++)
        {
            var eventId = $"replica-{i:D3}";
            var result = await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(eventId: eventId));
            Assert.Equal("sent", result.Status());
            Assert.Equal("echo-" + eventId, result.Structured().GetProperty("fbtrace_id").GetString());
        }

        Assert.Equal(200, EventIdsReceived().Count);
        Assert.True(CallsServed(first) >= 99, $"first replica served {CallsServed(first)} calls");
        Assert.True(CallsServed(second) >= 99, $"second replica served {CallsServed(second)} calls");
        Leaks.AssertNone(balancer.Traffic.Transcript() + string.Join("\n", first.LogLines.Concat(second.LogLines)), _fixture.Secrets);
    }

    [Fact]
    public async Task In_stateless_mode_a_2025_client_alternating_between_replicas_is_answered_too()
    {
        _fixture.Environment["META_MCP_SESSION_MODE"] = "stateless";
        await using var first = await HttpServerProcess.StartAsync(_fixture.Environment);
        await using var second = await HttpServerProcess.StartAsync(_fixture.Environment);
        var balancer = new RoundRobin(new HttpTraffic(new SocketsHttpHandler()), first.BaseUrl, second.BaseUrl);
        using var http = new HttpClient(balancer);
        await using var client = await HttpMcp.ConnectAsync(http, first.Endpoint, HttpMcp.Previous, HttpFixture.ShopKey);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("sent", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(eventId: $"stateless-{i}"))).Status());
        }

        Assert.True(CallsServed(first) >= 9 && CallsServed(second) >= 9);
        Assert.DoesNotContain(balancer.Traffic.Exchanges, e => e.Headers.Contains("Mcp-Session-Id:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task In_hybrid_mode_a_2025_client_holds_a_session_that_one_replica_alone_knows()
    {
        await using var first = await HttpServerProcess.StartAsync(_fixture.Environment);
        await using var second = await HttpServerProcess.StartAsync(_fixture.Environment);
        var balancer = new RoundRobin(new HttpTraffic(new SocketsHttpHandler()), first.BaseUrl, second.BaseUrl);
        using var http = new HttpClient(balancer);

        // This is why the README asks for sticky routing (or the stateless mode) for such clients.
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var client = await HttpMcp.ConnectAsync(http, first.Endpoint, HttpMcp.Previous, HttpFixture.ShopKey);
            for (var i = 0; i < 4; i++)
            {
                await client.CallAsync("meta_preview_conversion_event", HttpMcp.Purchase());
            }
        });

        Assert.NotNull(failure);
        Assert.Contains(balancer.Traffic.Exchanges, e => e.Status == System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_process_answers_256_concurrent_calls_each_with_its_own_result()
    {
        const int Calls = 256;
        _fixture.Graph.EchoesEventId(TimeSpan.FromMilliseconds(50));
        await using var server = await HttpServerProcess.StartAsync(_fixture.Environment);
        var traffic = new HttpTraffic(new SocketsHttpHandler());
        using var http = new HttpClient(traffic) { Timeout = TimeSpan.FromMinutes(5) };
        await using var client = await HttpMcp.ConnectAsync(http, server.Endpoint, HttpMcp.Latest, HttpFixture.AdminKey);

        var results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i =>
            client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(i % 2 == 0 ? HttpFixture.PixelA : HttpFixture.PixelB, $"burst-{i:D3}"))));

        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal("sent", results[i].Status());
            Assert.Equal($"burst-{i:D3}", results[i].Structured().GetProperty("event_id").GetString());
            Assert.Equal($"echo-burst-{i:D3}", results[i].Structured().GetProperty("fbtrace_id").GetString());
        }

        Assert.Equal(Calls, EventIdsReceived().Count);
        Assert.True(_fixture.Graph.MostConcurrentRequests > 1, "the calls never overlapped at Meta: they were not concurrent");
        Leaks.AssertNone(traffic.Transcript() + string.Join("\n", server.LogLines), _fixture.Secrets);
    }

    /// <summary>The distinct event IDs Meta received (a retried request counts once).</summary>
    private HashSet<string> EventIdsReceived() =>
        [.. _fixture.Graph.Requests.Select(r => JsonDocument.Parse(r.RequestMessage.Body!).RootElement.GetProperty("data")[0].GetProperty("event_id").GetString()!)];

    private static int CallsServed(HttpServerProcess server) =>
        server.LogLines.Count(line => line.Contains("tools/call, tool meta_send_conversion_event, sent", StringComparison.Ordinal));

    /// <summary>A load balancer without affinity: each request goes to the next replica in turn.</summary>
    private sealed class RoundRobin(HttpTraffic traffic, params Uri[] replicas) : DelegatingHandler(traffic)
    {
        private int _next;

        public HttpTraffic Traffic => traffic;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var replica = replicas[(Interlocked.Increment(ref _next) - 1) % replicas.Length];
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = replica.Host, Port = replica.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
