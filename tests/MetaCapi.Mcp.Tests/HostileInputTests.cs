using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using MetaCapi.Mcp.Tests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// Property: whatever arguments arrive, one real server process answers each call with a well-formed result (rejected,
/// or a valid send or preview), never a crash or the SDK's generic error, and keeps answering. Failures print the
/// CsCheck seed; rerun one with <c>CsCheck_Seed=&lt;seed&gt;</c>.
/// </summary>
public sealed class HostileInputTests(ServerFixture fixture) : ServerTest(fixture)
{
    /// <summary>Enough to meet every generator branch many times, small enough to keep the suite fast.</summary>
    private const int Cases = 200;


    [Fact]
    public async Task Any_arguments_get_a_well_formed_result_and_the_server_keeps_answering()
    {
        var statuses = new Dictionary<string, int>();

        await HostileJson.ToolCall.SampleAsync(
            async call =>
            {
                var result = await Server.CallAsync(call.Tool, call.Arguments.ToJsonString());
                var status = AssertWellFormed(call.Tool, result);
                lock (statuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            },
            iter: Cases,
            threads: 1,
            print: HostileJson.Print);

        // The generators must reach both outcomes, or the property says little.
        Assert.True(statuses.GetValueOrDefault("rejected") > Cases / 4, string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault("sent") + statuses.GetValueOrDefault("preview") > Cases / 20, string.Join(", ", statuses));
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Nesting_deeper_than_the_protocol_reads_is_a_JSON_RPC_parse_error_and_the_server_serves_on()
    {
        // System.Text.Json in the MCP SDK reads 64 levels; deeper messages never reach the tool. This pins that the
        // process answers with a JSON-RPC error instead of crashing or hanging, and serves the next call.
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();

        var deep = new string('[', 200) + new string(']', 200);
        var answer = await server.RequestAsync("tools/call", JsonNode.Parse(
            "{\"name\": \"meta_send_conversion_event\", \"arguments\": {\"pixel_id\": " + deep + "}}", documentOptions: new JsonDocumentOptions { MaxDepth = 256 }));
        var next = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase());

        Assert.Equal(-32700, answer["error"]!["code"]!.GetValue<int>());
        Assert.Equal("sent", next["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await server.CloseAsync());
        Leaks.AssertNone(string.Join("\n", server.StdoutLines.Concat(server.StderrLines)));
    }

    [Fact]
    public async Task Unpaired_surrogate_escapes_are_rejected_at_their_paths_not_answered_with_the_generic_error()
    {
        // What JavaScript's JSON.stringify writes for a string cut in the middle of an emoji, in values and in a key;
        // whole emoji and an escaped backslash stay valid. The SDK's client cannot write it: this goes through the raw process.
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();
        var inValues = EventJson.WebsitePurchase()
            .Replace("\"order-1001\"", "\"order-1001 \\ud83d\"", StringComparison.Ordinal)
            .Replace("\"Mary\"", "[\"Mary\", \"\\udc00Ann\"]", StringComparison.Ordinal)
            .Replace("\"value\": 49.99,", "\"value\": 49.99, \"content_name\": \"Cake \\ud83c\\udf70\", \"note\\u00e9\": \"\\\\ud83d\",", StringComparison.Ordinal);
        var inKey = EventJson.WebsitePurchase().Replace("\"user_data\": {", "\"user_data\": {\"x\\ud800\": 1,", StringComparison.Ordinal);

        var values = ToolResult(await server.RequestRawAsync("tools/call", $$"""{"name": "{{HostileJson.SendTool}}", "arguments": {{inValues}}}"""));
        var key = ToolResult(await server.RequestRawAsync("tools/call", $$"""{"name": "{{HostileJson.PreviewTool}}", "arguments": {{inKey}}}"""));
        var next = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase());

        Assert.Equal(["event_id", "user_data.fn[1]"], ErrorPaths(values));
        Assert.Contains("event_id is not valid Unicode text: it holds an unpaired UTF-16 surrogate", values["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("user_data", ErrorPaths(key));
        Assert.Equal("rejected", key["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Single(Graph.Requests);
        Assert.Equal("sent", next["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await server.CloseAsync());

        static JsonNode ToolResult(JsonNode answer)
        {
            var result = answer["result"] ?? throw new InvalidOperationException($"not a tool result: {answer.ToJsonString()}");
            Assert.True(result["isError"]!.GetValue<bool>());
            Assert.Equal("rejected", result["structuredContent"]!["status"]!.GetValue<string>());
            return result;
        }

        static string[] ErrorPaths(JsonNode result) =>
            [.. result["structuredContent"]!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>())];
    }

    /// <summary>Checks the result of one call and returns its status.</summary>
    private static string AssertWellFormed(string tool, CallToolResult result)
    {
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain("An error occurred", text, StringComparison.Ordinal);

        var structured = result.Structured();
        Assert.Equal(JsonValueKind.Object, structured.ValueKind);
        var status = structured.GetProperty("status").GetString()!;
        Assert.Contains(status, tool == HostileJson.PreviewTool ? ["preview", "rejected"] : new[] { "sent", "rejected" });
        Assert.Equal(status == "rejected", result.IsError ?? false);
        foreach (var kind in new[] { "errors", "warnings" })
        {
            foreach (var (path, message) in result.Issues(kind))
            {
                Assert.NotEqual("server", path);
                Assert.False(string.IsNullOrWhiteSpace(message), $"{kind} at {path} has no message");
            }
        }

        var verdict = status switch
        {
            "rejected" => "**Rejected, nothing was sent**",
            "preview" => "**Preview, nothing was sent**",
            _ => "**Sent",
        };
        if (!text.StartsWith('{'))
        {
            Assert.StartsWith(verdict, text, StringComparison.Ordinal);
        }
        else
        {
            using var json = JsonDocument.Parse(text);
            Assert.True(JsonElement.DeepEquals(json.RootElement, structured));
        }

        if (status == "rejected")
        {
            Assert.NotEmpty(result.Issues("errors"));
            Assert.Equal(0, structured.GetProperty("attempts").GetInt32());
        }

        return status;
    }

    private async Task AssertStillServesAsync()
    {
        Graph.Succeeds();
        Assert.Equal(5, (await Server.Client.ListToolsAsync()).Count);
        var result = await Server.CallAsync(HostileJson.SendTool, EventJson.WebsitePurchase());
        Assert.Equal("sent", result.Status());
    }
}
