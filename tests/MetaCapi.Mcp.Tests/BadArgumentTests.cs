using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>Every kind of bad argument is a rejected result naming the parameter, and nothing reaches Meta.</summary>
public sealed class BadArgumentTests(ServerFixture fixture) : ServerTest(fixture)
{
    private const string Tool = "meta_send_conversion_event";

    private async Task<ModelContextProtocol.Protocol.CallToolResult> Rejected(string json)
    {
        var result = await Server.CallAsync(Tool, json);
        Assert.Equal("rejected", result.Status());
        Assert.True(result.IsError);
        Assert.Empty(Graph.Requests);
        Assert.DoesNotContain("An error occurred invoking", result.Text(), StringComparison.Ordinal);
        Assert.StartsWith("**Rejected, nothing was sent**", result.Text(), StringComparison.Ordinal);
        return result;
    }

    private static string Purchase(string replace, string with) => EventJson.WebsitePurchase().Replace(replace, with, StringComparison.Ordinal);

    [Fact]
    public async Task Wrong_json_type_is_named()
    {
        var result = await Rejected(Purchase($"\"event_time\": {EventJson.Now - 60}", "\"event_time\": \"yesterday\""));
        Assert.Contains("integer Unix timestamp in seconds", result.Error("event_time"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_parameter_is_named()
    {
        var result = await Rejected(Purchase($"\"pixel_id\": \"{GraphFake.PixelId}\",", string.Empty));
        Assert.Contains("pixel_id is required", result.Error("pixel_id"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_enum_value_lists_the_accepted_ones()
    {
        var result = await Rejected(Purchase("\"action_source\": \"website\"", "\"action_source\": \"shop\""));
        Assert.Contains("website, app, email, phone_call, chat, physical_store, system_generated, business_messaging, other", result.Error("action_source"), StringComparison.Ordinal);

        var format = await Rejected(EventJson.WebsitePurchase(""", "response_format": "yaml" """));
        Assert.Contains("\"yaml\" is not accepted: use one of markdown, json", format.Error("response_format"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_enum_value_is_repeated_with_the_closest_accepted_value()
    {
        var result = await Rejected(Purchase("\"action_source\": \"website\"", "\"action_source\": \"web\""));
        Assert.Contains("action_source \"web\" is not accepted", result.Error("action_source"), StringComparison.Ordinal);
        Assert.Contains("Did you mean \"website\"?", result.Error("action_source"), StringComparison.Ordinal);

        var format = await Rejected(EventJson.WebsitePurchase(""", "response_format": "jsn" """));
        Assert.Contains("Did you mean \"json\"?", format.Error("response_format"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_nested_object_is_named_at_its_path()
    {
        var result = await Rejected(Purchase("\"content_ids\": [\"SKU-1\"]", "\"contents\": [{\"quantity\": \"two\"}]"));
        Assert.Contains("positive whole number", result.Error("custom_data.contents[0].quantity"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_user_data_key_lists_the_accepted_keys()
    {
        var result = await Rejected(Purchase("\"fn\": \"Mary\"", "\"first\": \"Mary\""));
        Assert.Contains("Accepted keys: em, ph, fn", result.Error("user_data.first"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_problems_are_reported_at_once()
    {
        var result = await Rejected($$"""
            {"pixel_id": "abc", "event_name": "purchase", "event_time": {{EventJson.Now * 1000}}, "action_source": "web", "user_data": []}
            """);
        Assert.Equal(
            ["action_source", "event_name", "event_time", "pixel_id", "user_data"],
            result.Issues("errors").Select(e => e.Path).Order().ToArray());
        Assert.Contains("'Purchase'", result.Error("event_name"), StringComparison.Ordinal);
        Assert.Contains("milliseconds", result.Error("event_time"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_arguments_at_all_is_a_clear_rejection()
    {
        var result = await Rejected("{}");
        Assert.Equal(
            ["action_source", "event_name", "event_time", "pixel_id", "user_data"],
            result.Issues("errors").Select(e => e.Path).Order().ToArray());
    }

    [Fact]
    public async Task Customer_data_that_normalizes_to_nothing_is_rejected_with_the_drops_as_warnings()
    {
        var result = await Rejected(Purchase("\"em\": \"  John_Smith@Gmail.com \"", "\"em\": \"not-an-email\"")
            .Replace("\"ph\": \"(650) 555-1212\",", string.Empty, StringComparison.Ordinal)
            .Replace("\"fn\": \"Mary\",", string.Empty, StringComparison.Ordinal)
            .Replace("\"country\": \"United States\",", string.Empty, StringComparison.Ordinal)
            .Replace("\"external_id\": \"User 123\",", string.Empty, StringComparison.Ordinal)
            .Replace("\"client_ip_address\": \"203.0.113.7\",", string.Empty, StringComparison.Ordinal));
        Assert.Contains("Add a stronger identifier", result.Error("user_data"), StringComparison.Ordinal);
        Assert.Contains(result.Issues("warnings"), w => w.Path == "user_data.em");
        Assert.DoesNotContain("not-an-email", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_answers_the_next_call_after_bad_ones()
    {
        await Rejected("{\"pixel_id\": {\"deep\": [[[[[[[[[[1]]]]]]]]]]}}");
        var result = await Server.CallAsync(Tool, EventJson.WebsitePurchase());
        Assert.Equal("sent", result.Status());
    }
}
