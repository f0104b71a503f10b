using System.Text.Json;
using MetaCapi.Graph;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MetaCapi.Tests.Graph;

public sealed class ConversionsApiClientRequestTests
{
    private const string Success = """{"events_received":1,"messages":[],"fbtrace_id":"AbCdEf123"}""";

    // Expected value computed independently: printf %s 'EAAtest-token-123' | openssl dgst -sha256 -hmac 'app-secret-xyz'
    private const string ExpectedProof = "e6b7c99127ddd32d1b1873491e2a77bd7a26363c4db2ec21f5bb6bc3d8db3e9d";

    [Fact]
    public async Task Posts_to_the_events_edge_of_the_pixel_under_the_configured_version()
    {
        using var graph = new GraphHarness(o => o.GraphApiVersion = "v24.0");
        RespondOk(graph);

        await graph.SendAsync();

        var request = Assert.Single(graph.Requests).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v24.0/1234567890/events", request.Path);
    }

    [Fact]
    public async Task Default_version_is_v25()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        await graph.SendAsync();

        Assert.Equal("/v25.0/1234567890/events", Assert.Single(graph.Requests).RequestMessage.Path);
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_the_path()
    {
        using var graph = new GraphHarness(basePath: "/proxy/graph/");
        graph.Server.Given(Request.Create().WithPath("/proxy/graph/v25.0/1234567890/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Success));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal("/proxy/graph/v25.0/1234567890/events", Assert.Single(graph.Requests).RequestMessage.Path);
    }

    [Fact]
    public async Task Body_is_the_event_request_as_json_with_the_token_added()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        await graph.SendAsync();

        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        var root = body.RootElement;
        Assert.Equal(GraphHarness.Token, root.GetProperty("access_token").GetString());
        var evt = Assert.Single(root.GetProperty("data").EnumerateArray());
        Assert.Equal("Purchase", evt.GetProperty("event_name").GetString());
        Assert.Equal(1_767_225_600, evt.GetProperty("event_time").GetInt64());
        Assert.Equal("website", evt.GetProperty("action_source").GetString());
        Assert.Equal("order-1001", evt.GetProperty("event_id").GetString());
        Assert.Equal(JsonValueKind.Array, evt.GetProperty("user_data").GetProperty("em").ValueKind);
        Assert.Equal(12.5m, evt.GetProperty("custom_data").GetProperty("value").GetDecimal());
        Assert.Equal("gold", evt.GetProperty("custom_data").GetProperty("plan").GetString());
        Assert.False(root.TryGetProperty("test_event_code", out _));
        Assert.False(root.TryGetProperty("appsecret_proof", out _));
    }

    [Fact]
    public async Task Content_type_is_json_utf8_and_the_body_has_no_byte_order_mark()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        await graph.SendAsync();

        var request = Assert.Single(graph.Requests).RequestMessage;
        Assert.Equal("application/json; charset=utf-8", Assert.Single(request.Headers!["Content-Type"]));
        Assert.Equal((byte)'{', request.BodyAsBytes![0]);
    }

    [Fact]
    public async Task Token_travels_in_the_body_only_never_in_url_query_or_headers()
    {
        using var graph = new GraphHarness(o => o.AppSecret = GraphHarness.Secret);
        RespondOk(graph);

        await graph.SendAsync();

        var request = Assert.Single(graph.Requests).RequestMessage;
        Assert.DoesNotContain(GraphHarness.Token, request.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(GraphHarness.Token, request.RawQuery ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>());
        foreach (var (name, values) in request.Headers!)
        {
            Assert.DoesNotContain(GraphHarness.Token, name, StringComparison.Ordinal);
            Assert.All(values, v => Assert.DoesNotContain(GraphHarness.Token, v, StringComparison.Ordinal));
            Assert.All(values, v => Assert.DoesNotContain(GraphHarness.Secret, v, StringComparison.Ordinal));
        }

        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Contains(GraphHarness.Token, request.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain(GraphHarness.Secret, request.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appsecret_proof_is_the_hmac_sha256_of_the_token_keyed_with_the_app_secret()
    {
        using var graph = new GraphHarness(o => o.AppSecret = GraphHarness.Secret);
        RespondOk(graph);

        await graph.SendAsync();

        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        Assert.Equal(ExpectedProof, body.RootElement.GetProperty("appsecret_proof").GetString());
    }

    [Fact]
    public void Appsecret_proof_matches_a_second_independent_vector()
    {
        // printf %s token | openssl dgst -sha256 -hmac secret
        Assert.Equal(
            "e941110e3d2bfe82621f0e3e1434730d7305d106c5f68c87165d0b27a4611a4a",
            ConversionsApiClient.ComputeAppSecretProof("secret", "token"));
    }

    [Fact]
    public async Task A_proof_or_token_already_in_the_request_is_replaced_by_the_configured_ones()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        await graph.Client.SendAsync(
            GraphHarness.PixelId,
            GraphHarness.SampleRequest() with { AccessToken = "stale", AppSecretProof = "stale-proof" });

        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        Assert.Equal(GraphHarness.Token, body.RootElement.GetProperty("access_token").GetString());
        Assert.False(body.RootElement.TryGetProperty("appsecret_proof", out _));
    }

    [Fact]
    public async Task Configured_test_event_code_is_used_when_the_request_has_none()
    {
        using var graph = new GraphHarness(o => o.TestEventCode = "TEST123");
        RespondOk(graph);

        await graph.SendAsync();
        await graph.Client.SendAsync(GraphHarness.PixelId, GraphHarness.SampleRequest("TEST999"));

        var codes = graph.Requests
            .Select(r => JsonDocument.Parse(r.RequestMessage.BodyAsBytes!).RootElement.GetProperty("test_event_code").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(["TEST123", "TEST999"], codes);
    }

    [Fact]
    public async Task A_pixel_with_its_own_token_is_sent_with_it_and_the_proof_is_computed_from_it()
    {
        const string OwnToken = "EAAown-token-for-second-pixel";
        using var graph = new GraphHarness(o =>
        {
            o.AppSecret = GraphHarness.Secret;
            o.PixelAccessTokens = new Dictionary<string, string> { ["2222222222"] = OwnToken };
        });
        RespondOk(graph);

        await graph.Client.SendAsync("2222222222", GraphHarness.SampleRequest());
        await graph.SendAsync();

        var bodies = graph.Requests.ToDictionary(
            r => r.RequestMessage.Path.Split('/')[2],
            r => JsonDocument.Parse(r.RequestMessage.BodyAsBytes!).RootElement.Clone());
        Assert.Equal(OwnToken, bodies["2222222222"].GetProperty("access_token").GetString());
        Assert.Equal(ConversionsApiClient.ComputeAppSecretProof(GraphHarness.Secret, OwnToken), bodies["2222222222"].GetProperty("appsecret_proof").GetString());
        Assert.Equal(GraphHarness.Token, bodies[GraphHarness.PixelId].GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task With_pixel_tokens_only_a_pixel_not_listed_has_no_token_and_nothing_is_sent()
    {
        using var graph = new GraphHarness(o =>
        {
            o.AccessToken = null;
            o.PixelAccessTokens = new Dictionary<string, string> { ["2222222222"] = "EAAown" };
        });
        RespondOk(graph);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => graph.SendAsync());

        Assert.Contains("META_PIXEL_TOKENS_FILE", error.Message, StringComparison.Ordinal);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task Without_a_token_it_throws_naming_META_ACCESS_TOKEN_and_sends_nothing()
    {
        using var graph = new GraphHarness(o => o.AccessToken = null);
        RespondOk(graph);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => graph.SendAsync());

        Assert.Contains("META_ACCESS_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Empty(graph.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12ab")]
    [InlineData("../../me")]
    [InlineData("123456789012345678901")]
    [InlineData("１２３")]
    public async Task A_pixel_id_that_is_not_1_to_20_ascii_digits_is_refused_before_sending(string pixelId)
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        await Assert.ThrowsAsync<ArgumentException>(() => graph.Client.SendAsync(pixelId, GraphHarness.SampleRequest()));

        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task A_request_without_events_is_refused_before_sending()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        await Assert.ThrowsAsync<ArgumentException>(
            () => graph.Client.SendAsync(GraphHarness.PixelId, GraphHarness.SampleRequest() with { Data = [] }));

        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task A_caller_token_cancelled_before_the_call_starts_no_attempt()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => graph.SendAsync(cancelled.Token));

        Assert.Empty(graph.Requests);
    }

    private static void RespondOk(GraphHarness graph) =>
        graph.Server.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Success));
}
