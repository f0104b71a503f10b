using System.Text.Json;
using MetaCapi.Mcp.Tests.Http.Infrastructure;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests.Http;

/// <summary>
/// <c>metacapi-mcp http</c> serves the stdio server's tools with the same results, through the official SDK's HTTP
/// client, to a 2026-07-28 client (one POST per request, no session) and to a 2025-11-25 client (the initialize
/// handshake, a session in the default hybrid mode), hosted in process and as the executable.
/// </summary>
public sealed class HttpTransportTests(HttpFixture fixture) : HttpTest<HttpFixture>(fixture)
{
    public static TheoryData<HostKind, string> Hosts => new()
    {
        { HostKind.InProcess, HttpMcp.Latest },
        { HostKind.InProcess, HttpMcp.Previous },
        { HostKind.Process, HttpMcp.Latest },
        { HostKind.Process, HttpMcp.Previous },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Tools_list_and_tools_call_work_for_each_protocol_generation(HostKind kind, string protocolVersion)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, protocolVersion, HttpFixture.AdminKey);
        Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("meta_send_conversion_event", tools);
        Assert.Contains("meta_send_conversion_events", tools);
        Assert.Contains("meta_preview_conversion_event", tools);

        var result = await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(eventId: $"http-{kind}-{protocolVersion}"));
        Assert.Equal("sent", result.Status());
        Assert.Equal(1, result.Structured().GetProperty("events_received").GetInt32());
        var posted = Assert.Single(Graph.Requests);
        Assert.EndsWith($"/{HttpFixture.PixelA}/events", posted.RequestMessage.Path, StringComparison.Ordinal);
        Assert.Equal(ServerCommand.AccessToken, Graph.Body().GetProperty("access_token").GetString());
    }

    [Theory]
    [InlineData(HostKind.InProcess)]
    [InlineData(HostKind.Process)]
    public async Task A_2025_client_gets_a_session_and_a_2026_client_none_in_hybrid_mode(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        var traffic = new HttpTraffic(host.CreateHandler());
        using (var http = new HttpClient(traffic))
        {
            await using var previous = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Previous, HttpFixture.AdminKey);
            _ = await previous.ListToolsAsync();
            Assert.Contains(traffic.Exchanges, e => e.Headers.Contains("Mcp-Session-Id:", StringComparison.OrdinalIgnoreCase));
        }

        var latestTraffic = new HttpTraffic(host.CreateHandler());
        using (var http = new HttpClient(latestTraffic))
        {
            await using var latest = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, HttpFixture.AdminKey);
            _ = await latest.ListToolsAsync();
            Assert.DoesNotContain(latestTraffic.Exchanges, e => e.Headers.Contains("Mcp-Session-Id:", StringComparison.OrdinalIgnoreCase));
        }

        Leaks.AssertNone(traffic.Transcript() + latestTraffic.Transcript(), Fixture.Secrets);
    }

    [Fact]
    public async Task A_call_over_http_gets_the_same_result_as_over_stdio()
    {
        var arguments = EventJson.WebsitePurchase(", \"response_format\": \"json\"");
        await using var stdio = await ServerSession.StartAsync(new Dictionary<string, string?>(Fixture.Environment));
        var overStdio = await stdio.CallAsync("meta_preview_conversion_event", arguments);

        var host = await Fixture.HostAsync(HostKind.Process);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, HttpFixture.AdminKey);
        var overHttp = await client.CallAsync("meta_preview_conversion_event", arguments);

        Assert.Equal("preview", overHttp.Status());
        Assert.Equal(overStdio.Structured().GetRawText(), overHttp.Structured().GetRawText());
        Assert.Equal(overStdio.Text(), overHttp.Text());
        Assert.Equal(
            JsonSerializer.Serialize((await stdio.Client.ListToolsAsync()).Select(t => t.ProtocolTool)),
            JsonSerializer.Serialize((await client.ListToolsAsync()).Select(t => t.ProtocolTool)));
    }
}
