using MetaCapi.Mcp.Tests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tests;

/// <summary>What an agent sees in tools/list.</summary>
public sealed class ToolsListTests(ServerFixture fixture) : ServerTest(fixture)
{
    private IReadOnlyList<Tool> _tools = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _tools = [.. (await Server.Client.ListToolsAsync()).Select(t => t.ProtocolTool)];
    }

    private Tool Get(string name) => _tools.Single(t => t.Name == name);

    [Fact]
    public void The_server_offers_its_tools() =>
        Assert.Equal(
            ["meta_get_dataset_quality", "meta_get_event_stats", "meta_preview_conversion_event", "meta_send_conversion_event", "meta_send_conversion_events"],
            _tools.Select(t => t.Name).Order().ToArray());

    [Fact]
    public void Send_tool_has_exactly_the_specified_parameters_and_required_set()
    {
        var schema = Get("meta_send_conversion_event").InputSchema;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(
            [
                "pixel_id", "event_name", "event_time", "event_source_url", "user_data", "custom_data", "event_id", "action_source",
                "test_event_code", "response_format", "opt_out", "referrer_url", "data_processing_options",
                "data_processing_options_country", "data_processing_options_state", "app_data", "messaging_channel", "original_event_data",
            ],
            schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(
            ["pixel_id", "event_name", "event_time", "user_data", "action_source"],
            schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToArray());
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            Assert.True(property.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 20,
                $"{property.Name} needs a description written for a model");
        }
    }

    [Fact]
    public void Enums_and_default_are_advertised()
    {
        var properties = Get("meta_send_conversion_event").InputSchema.GetProperty("properties");
        Assert.Equal(
            ["website", "app", "email", "phone_call", "chat", "physical_store", "system_generated", "business_messaging", "other"],
            properties.GetProperty("action_source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["markdown", "json"], properties.GetProperty("response_format").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("markdown", properties.GetProperty("response_format").GetProperty("default").GetString());
        Assert.Equal("integer", properties.GetProperty("event_time").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("user_data").GetProperty("properties").GetProperty("em").GetProperty("anyOf")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Send_tool_has_its_title_and_annotations()
    {
        var tool = Get("meta_send_conversion_event");
        Assert.Equal("Send Conversion Event (CAPI)", tool.Title);
        Assert.Equal("Send Conversion Event (CAPI)", tool.Annotations!.Title);
        Assert.False(tool.Annotations.ReadOnlyHint);
        Assert.False(tool.Annotations.DestructiveHint);
        Assert.False(tool.Annotations.IdempotentHint);
        Assert.True(tool.Annotations.OpenWorldHint);
        Assert.Contains("hashed", tool.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_tool_is_read_only_and_needs_no_pixel()
    {
        var tool = Get("meta_preview_conversion_event");
        Assert.True(tool.Annotations!.ReadOnlyHint);
        Assert.False(tool.Annotations.DestructiveHint);
        Assert.True(tool.Annotations.IdempotentHint);
        Assert.False(tool.Annotations.OpenWorldHint);
        Assert.DoesNotContain("pixel_id", tool.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public void Every_event_tool_advertises_the_result_object_as_output_schema()
    {
        foreach (var tool in _tools.Where(t => t.Name.Contains("conversion_event", StringComparison.Ordinal)))
        {
            var schema = tool.OutputSchema ?? throw new InvalidOperationException($"{tool.Name} has no output schema");
            Assert.Equal("object", schema.GetProperty("type").GetString());
            var properties = schema.GetProperty("properties");
            foreach (var name in new[] { "status", "pixel_id", "event_name", "event_id", "test_event_code", "events_received", "messages", "fbtrace_id", "attempts", "match_keys", "warnings", "errors", "meta_error" })
            {
                Assert.True(properties.TryGetProperty(name, out _), $"{tool.Name} output schema lacks {name}");
            }
        }
    }

    [Fact]
    public void Server_introduces_itself_with_instructions()
    {
        Assert.Equal("metacapi-mcp", Server.Client.ServerInfo!.Name);
        Assert.Contains("event_id", Server.Client.ServerInstructions!, StringComparison.Ordinal);
        Assert.Contains("test_event_code", Server.Client.ServerInstructions!, StringComparison.Ordinal);
    }
}
