using System.Text.Json;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>meta_send_conversion_event through the real server process, WireMock as the Graph API.</summary>
public sealed class SendConversionEventTests(ServerFixture fixture) : ServerTest(fixture)
{
    private const string Tool = "meta_send_conversion_event";

    [Fact]
    public async Task Website_purchase_with_raw_customer_data_posts_Metas_hashes()
    {
        var result = await Server.CallAsync(Tool, EventJson.WebsitePurchase());

        Assert.Equal("sent", result.Status());
        var request = Assert.Single(Graph.Requests);
        Assert.Equal(GraphFake.EventsPath, request.RequestMessage.Path);
        Assert.Equal("POST", request.RequestMessage.Method);
        Assert.StartsWith("application/json", request.RequestMessage.Headers!["Content-Type"].Single(), StringComparison.Ordinal);

        var body = Graph.Body();
        var user = body.GetProperty("data")[0].GetProperty("user_data");
        Assert.Equal("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f", user.GetProperty("em")[0].GetString());
        Assert.Equal("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176", user.GetProperty("ph")[0].GetString());
        Assert.Equal("6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec", user.GetProperty("fn")[0].GetString());
        Assert.Equal("79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621", user.GetProperty("country")[0].GetString());
        Assert.Equal("e606e38b0d8c19b24cf0ee3808183162ea7cd63ff7912dbb22b5e803286b4446", user.GetProperty("external_id")[0].GetString());
        Assert.Equal("203.0.113.7", user.GetProperty("client_ip_address").GetString());
        Assert.Equal("Mozilla/5.0 (Macintosh) TestAgent/1.0", user.GetProperty("client_user_agent").GetString());

        var sent = body.GetProperty("data")[0];
        Assert.Equal("Purchase", sent.GetProperty("event_name").GetString());
        Assert.Equal("website", sent.GetProperty("action_source").GetString());
        Assert.Equal("order-1001", sent.GetProperty("event_id").GetString());
        Assert.Equal(49.99m, sent.GetProperty("custom_data").GetProperty("value").GetDecimal());
        Assert.Equal("USD", sent.GetProperty("custom_data").GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Number, sent.GetProperty("event_time").ValueKind);
    }

    [Fact]
    public async Task Token_travels_in_the_body_only_with_the_appsecret_proof()
    {
        await Server.CallAsync(Tool, EventJson.WebsitePurchase());

        var request = Assert.Single(Graph.Requests).RequestMessage;
        var body = Graph.Body();
        Assert.Equal(ServerCommand.AccessToken, body.GetProperty("access_token").GetString());
        Assert.Equal("bed68c00132da4ae9c57db2cbd8b04e282ae2c4f06c742110f5ab871eecd5583", body.GetProperty("appsecret_proof").GetString());
        Assert.DoesNotContain(ServerCommand.AccessToken, request.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(request.Headers!, h => h.Value.Any(v => v.Contains(ServerCommand.AccessToken, StringComparison.Ordinal)));
        Assert.False(body.TryGetProperty("test_event_code", out _));
    }

    [Fact]
    public async Task Structured_content_carries_Metas_answer_and_the_match_keys()
    {
        var result = await Server.CallAsync(Tool, EventJson.WebsitePurchase());

        Assert.True(result.IsError is null or false);
        var structured = result.Structured();
        Assert.Equal(GraphFake.PixelId, structured.GetProperty("pixel_id").GetString());
        Assert.Equal("Purchase", structured.GetProperty("event_name").GetString());
        Assert.Equal("order-1001", structured.GetProperty("event_id").GetString());
        Assert.Equal(1, structured.GetProperty("events_received").GetInt32());
        Assert.Equal("AbCdEfTrace1", structured.GetProperty("fbtrace_id").GetString());
        Assert.Equal(1, structured.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, structured.GetProperty("meta_error").ValueKind);
        Assert.Equal(
            ["em", "ph", "fn", "country", "external_id", "client_ip_address", "client_user_agent"],
            structured.GetProperty("match_keys").EnumerateArray().Select(k => k.GetString()!).ToArray());
    }

    [Fact]
    public async Task Markdown_is_the_default_text_and_json_is_the_same_object()
    {
        var markdown = await Server.CallAsync(Tool, EventJson.WebsitePurchase());
        var json = await Server.CallAsync(Tool, EventJson.WebsitePurchase(""", "response_format": "json" """));

        Assert.StartsWith("**Sent**: Meta accepted the Purchase event for pixel 1234567890.", markdown.Text(), StringComparison.Ordinal);
        Assert.Contains("| events_received | 1 |", markdown.Text(), StringComparison.Ordinal);
        Assert.Contains("| fbtrace_id | AbCdEfTrace1 |", markdown.Text(), StringComparison.Ordinal);
        using var text = JsonDocument.Parse(json.Text());
        Assert.True(JsonElement.DeepEquals(text.RootElement, json.Structured()));
    }

    [Fact]
    public async Task Test_event_code_routes_to_test_events_and_says_so()
    {
        var result = await Server.CallAsync(Tool, EventJson.WebsitePurchase(""", "test_event_code": "TEST4242" """));

        Assert.Equal("TEST4242", Graph.Body().GetProperty("test_event_code").GetString());
        Assert.Equal("TEST4242", result.Structured().GetProperty("test_event_code").GetString());
        Assert.StartsWith("**Sent to Test Events** (test_event_code TEST4242)", result.Text(), StringComparison.Ordinal);
        Assert.Contains(result.Issues("warnings"), w => w.Path == "test_event_code" && w.Message.Contains("Test mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expired_token_fails_with_Metas_error_and_a_hint_after_one_request()
    {
        Graph.FailsWith(400, 190, subcode: 463, message: "Error validating access token: Session has expired");

        var result = await Server.CallAsync(Tool, EventJson.WebsitePurchase());

        Assert.Equal("failed", result.Status());
        Assert.True(result.IsError);
        Assert.Single(Graph.Requests);
        var error = result.Structured().GetProperty("meta_error");
        Assert.Equal(190, error.GetProperty("code").GetInt32());
        Assert.Equal(463, error.GetProperty("subcode").GetInt32());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
        Assert.Equal("ErrTrace9", error.GetProperty("fbtrace_id").GetString());
        Assert.False(error.GetProperty("retryable").GetBoolean());
        Assert.Contains("META_ACCESS_TOKEN", error.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, result.Structured().GetProperty("attempts").GetInt32());
        Assert.StartsWith("**Failed**: Meta refused the Purchase event", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_customer_data_never_appears_in_a_result()
    {
        var results = new[]
        {
            await Server.CallAsync(Tool, EventJson.WebsitePurchase()),
            await Server.CallAsync(Tool, EventJson.WebsitePurchase(""", "response_format": "json" """)),
        };

        foreach (var result in results)
        {
            var everything = result.Text() + result.Structured().GetRawText();
            Assert.DoesNotContain("John_Smith", everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("555-1212", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("6505551212", everything, StringComparison.Ordinal);
            Assert.DoesNotContain(ServerCommand.AccessToken, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(ServerCommand.AppSecret, everything, StringComparison.Ordinal);
        }
    }
}
