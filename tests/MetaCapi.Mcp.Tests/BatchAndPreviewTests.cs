using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>meta_send_conversion_events and meta_preview_conversion_event through the real server.</summary>
public sealed class BatchAndPreviewTests(ServerFixture fixture) : ServerTest(fixture)
{

    /// <summary>One event of a batch: an email purchase with raw customer data, numbered so each is distinct.</summary>
    private static JsonObject Event(int index) => new()
    {
        ["event_name"] = "Purchase",
        ["event_time"] = EventJson.Now - 120,
        ["action_source"] = "email",
        ["event_id"] = $"order-{index}",
        ["user_data"] = new JsonObject
        {
            ["em"] = $"Customer.{index}@Example.com",
            ["ph"] = $"+1 650 555 {1000 + (index % 9000):D4}",
            ["fn"] = "Mary",
            ["ln"] = "O'Brien",
            ["ct"] = "San Francisco",
            ["st"] = "California",
            ["zp"] = "94035-1234",
            ["country"] = "US",
            ["external_id"] = $"user-{index}",
        },
        ["custom_data"] = new JsonObject { ["value"] = 10 + index, ["currency"] = "USD" },
    };

    private static string Batch(int count, Action<JsonArray>? change = null)
    {
        var events = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            events.Add(Event(i));
        }

        change?.Invoke(events);
        return new JsonObject { ["pixel_id"] = GraphFake.PixelId, ["events"] = events }.ToJsonString();
    }

    [Fact]
    public async Task A_batch_of_1000_is_one_request_with_1000_events()
    {
        Graph.Succeeds(eventsReceived: 1000);

        var result = await Server.CallAsync("meta_send_conversion_events", Batch(1000));

        Assert.Equal("sent", result.Status());
        var request = Assert.Single(Graph.Requests);
        Assert.Equal(GraphFake.EventsPath, request.RequestMessage.Path);
        Assert.Equal(1000, Graph.Body().GetProperty("data").GetArrayLength());
        var structured = result.Structured();
        Assert.Equal(1000, structured.GetProperty("events_received").GetInt32());
        Assert.Equal(1000, structured.GetProperty("events").GetProperty("count").GetInt32());
        Assert.Equal(1000, structured.GetProperty("events").GetProperty("match_key_coverage").GetProperty("em").GetInt32());
        Assert.True(result.Text().Length < 4000, "markdown for a big batch is a compact summary");
        Assert.Contains("em 1000/1000", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_1001_is_rejected_and_nothing_is_sent()
    {
        var result = await Server.CallAsync("meta_send_conversion_events", Batch(1001));

        Assert.Equal("rejected", result.Status());
        Assert.Contains("1 to 1000 events", result.Error("events"), StringComparison.Ordinal);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task One_invalid_event_rejects_the_batch_with_paths_and_sends_nothing()
    {
        var result = await Server.CallAsync("meta_send_conversion_events", Batch(10, events =>
        {
            events[3]!["event_time"] = "yesterday";
            events[3]!["user_data"]!["mail"] = "x@y.co";
            events[7]!["custom_data"]!["currency"] = "dollars";
        }));

        Assert.Equal("rejected", result.Status());
        Assert.Empty(Graph.Requests);
        Assert.Equal(
            ["events[3].event_time", "events[3].user_data.mail", "events[7].custom_data.currency"],
            result.Issues("errors").Select(e => e.Path).Order().ToArray());
    }

    [Fact]
    public async Task Batch_warnings_carry_per_event_paths()
    {
        var result = await Server.CallAsync("meta_send_conversion_events", Batch(3, events => events[1]!["user_data"]!["em"] = "not-an-email"));

        Assert.Equal("sent", result.Status());
        Assert.Contains(result.Issues("warnings"), w => w.Path == "events[1].user_data.em");
        Assert.Equal(2, result.Structured().GetProperty("events").GetProperty("match_key_coverage").GetProperty("em").GetInt32());
    }

    [Fact]
    public async Task Preview_payload_equals_the_body_send_posts_minus_token_and_proof()
    {
        var arguments = EventJson.WebsitePurchase(""", "test_event_code": "TEST77" """);

        var preview = await Server.CallAsync("meta_preview_conversion_event", arguments);
        Assert.Empty(Graph.Requests);
        await Server.CallAsync("meta_send_conversion_event", arguments);

        Assert.Equal("preview", preview.Status());
        Assert.False(preview.IsError ?? false);
        var posted = JsonNode.Parse(Graph.Body().GetRawText())!.AsObject();
        Assert.NotNull(posted["access_token"]);
        Assert.NotNull(posted["appsecret_proof"]);
        posted.Remove("access_token");
        posted.Remove("appsecret_proof");
        var payload = JsonNode.Parse(preview.Structured().GetProperty("payload").GetRawText());
        Assert.True(JsonNode.DeepEquals(posted, payload), $"preview {payload}\nposted {posted}");
    }

    [Fact]
    public async Task Preview_needs_no_token_and_makes_no_request()
    {
        var environment = ServerCommand.EnvironmentFor(Graph.Url, new Dictionary<string, string?> { ["META_ACCESS_TOKEN"] = null });
        await using var server = await ServerSession.StartAsync(environment);

        var result = await server.CallAsync("meta_preview_conversion_event", EventJson.WebsitePurchase().Replace($"\"pixel_id\": \"{GraphFake.PixelId}\",", string.Empty, StringComparison.Ordinal));

        Assert.Equal("preview", result.Status());
        Assert.Empty(Graph.Requests);
        var payload = result.Structured().GetProperty("payload");
        Assert.False(payload.TryGetProperty("access_token", out _));
        Assert.Equal("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
            payload.GetProperty("data")[0].GetProperty("user_data").GetProperty("em")[0].GetString());
        Assert.StartsWith("**Preview, nothing was sent**", result.Text(), StringComparison.Ordinal);
        Assert.Contains("```json", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decomposed_accents_in_names_hash_as_their_composed_form()
    {
        // NFC needs ICU at run time: a build with invariant globalization (or an AOT binary without ICU) hashes the two differently.
        var result = await Server.CallAsync("meta_preview_conversion_event", $$$"""
            {"event_name": "Lead", "event_time": {{{EventJson.Now}}}, "action_source": "system_generated", "user_data": {"fn": "Vale\u0301ry", "ln": "Val\u00E9ry"}}
            """);

        Assert.Equal("preview", result.Status());
        var userData = result.Structured().GetProperty("payload").GetProperty("data")[0].GetProperty("user_data");
        var composed = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("val\u00E9ry")));
        Assert.Equal(composed, userData.GetProperty("fn")[0].GetString());
        Assert.Equal(composed, userData.GetProperty("ln")[0].GetString());
    }

    [Fact]
    public async Task Preview_rates_match_quality_and_names_what_to_add()
    {
        var weak = await Server.CallAsync("meta_preview_conversion_event", $$$"""
            {"event_name": "Lead", "event_time": {{{EventJson.Now}}}, "action_source": "system_generated", "user_data": {"fn": "Mary", "ln": "Smith", "ct": "Paris"}}
            """);
        var quality = weak.Structured().GetProperty("match_quality");
        Assert.Equal("weak", quality.GetProperty("rating").GetString());
        Assert.Equal(["em", "ph", "fbc", "external_id", "client_ip_address", "client_user_agent", "fbp"],
            quality.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Contains("em: hashed email", quality.GetProperty("verdict").GetString(), StringComparison.Ordinal);

        var strong = await Server.CallAsync("meta_preview_conversion_event", EventJson.WebsitePurchase());
        Assert.Equal("strong", strong.Structured().GetProperty("match_quality").GetProperty("rating").GetString());
        Assert.Equal(["fbc", "fbp"], strong.Structured().GetProperty("match_quality").GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    [Fact]
    public async Task Send_results_carry_the_same_match_quality_summary()
    {
        var result = await Server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase());
        Assert.Equal("strong", result.Structured().GetProperty("match_quality").GetProperty("rating").GetString());
        Assert.Contains("**Match quality: strong.**", result.Text(), StringComparison.Ordinal);
    }
}
