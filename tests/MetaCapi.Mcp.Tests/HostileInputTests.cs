using System.Text;
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
    }

    [Fact]
    public async Task A_key_given_twice_anywhere_in_the_arguments_is_rejected_naming_it_and_nothing_is_sent()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();
        var event1 = EventJson.WebsitePurchase().Trim()[1..^1];

        var pixel = ToolResult(await server.RequestRawAsync("tools/call",
            CallParams(HostileJson.SendTool, "{" + event1 + ", \"pixel_id\": \"999\"}")));
        var email = ToolResult(await server.RequestRawAsync("tools/call",
            CallParams(HostileJson.SendTool, "{" + event1.Replace("\"em\":", "\"em\": \"x@example.com\", \"em\":", StringComparison.Ordinal) + "}")));
        var item = EventJson.WebsitePurchase().Replace("\"pixel_id\": \"1234567890\",", "", StringComparison.Ordinal);
        var events = ToolResult(await server.RequestRawAsync("tools/call",
            CallParams(HostileJson.BatchTool, "{\"pixel_id\": \"" + GraphFake.PixelId + "\", \"events\": [], \"events\": [" + item + "]}")));
        var next = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase());

        Assert.Equal(["pixel_id"], ErrorPaths(pixel));
        Assert.Equal(["user_data.em"], ErrorPaths(email));
        Assert.Contains("events", ErrorPaths(events));
        Assert.Contains("user_data.em is given twice; each parameter may appear once", Text(email), StringComparison.Ordinal);
        Assert.Single(Graph.Requests);
        Assert.Equal("sent", next["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await server.CloseAsync());
    }

    [Fact]
    public async Task Malformed_requests_get_a_specific_answer_never_the_generic_error()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();

        string[] notAnObject = ["[1, 2]", "\"pixel_id\"", "5"];
        foreach (var arguments in notAnObject)
        {
            var result = ToolResult(await server.RequestRawAsync("tools/call", CallParams(HostileJson.SendTool, arguments)));
            Assert.Equal("arguments", ErrorPaths(result)[0]);
            Assert.Contains("arguments must be an object of named parameters", Text(result), StringComparison.Ordinal);
        }

        (string Method, string Params, string Message)[] requests =
        [
            ("tools/call", "[]", "the params of tools/call must be an object of named parameters, but got an array"),
            ("tools/call", "\"meta_send_conversion_event\"", "the params of tools/call must be an object of named parameters, but got a string"),
            ("tools/call", """{"arguments": {}}""", "tools/call needs params.name, the name of the tool to call"),
            ("tools/call", """{"name": 5, "arguments": {}}""", "params.name must be a string, the name of the tool to call"),
            ("tools/call", """{"name": "meta_preview_conversion_event", "name": "meta_send_conversion_event"}""", "params.name is given twice"),
            ("tools/list", "[]", "the params of tools/list must be an object"),
        ];
        foreach (var (method, parameters, message) in requests)
        {
            var answer = await server.RequestRawAsync(method, parameters);
            var error = answer["error"] ?? throw new InvalidOperationException($"not an error: {answer.ToJsonString()}");
            Assert.Equal(-32602, error["code"]!.GetValue<int>());
            Assert.Contains(message, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Empty(Graph.Requests);
        Assert.DoesNotContain(server.StdoutLines, l => l.Contains("An error occurred", StringComparison.Ordinal));
        Assert.Equal(0, await server.CloseAsync());
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_in_an_argument_are_rejected_naming_it_and_nothing_is_sent()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();
        var template = EventJson.WebsitePurchase().ReplaceLineEndings(" ").Replace("\"Mary\"", "\"Ma######\"", StringComparison.Ordinal);

        var answer = await server.RequestBytesAsync(id =>
        {
            var line = Encoding.UTF8.GetBytes($"{{\"jsonrpc\": \"2.0\", \"id\": {id}, \"method\": \"tools/call\", \"params\": " + CallParams(HostileJson.SendTool, template) + "}");
            var at = line.AsSpan().IndexOf("######"u8);
            ((byte[])[0xC0, 0xAF, 0xFF, 0xED, 0xA0, 0x80]).CopyTo(line, at);
            return line;
        });

        var result = ToolResult(answer);
        Assert.Equal(["user_data.fn"], ErrorPaths(result));
        Assert.Contains("user_data.fn is not valid UTF-8 text", Text(result), StringComparison.Ordinal);
        Assert.Empty(Graph.Requests);
        Assert.Equal(0, await server.CloseAsync());
    }

    [Fact]
    public async Task A_message_over_16_MiB_is_answered_with_an_error_without_being_read_and_the_server_serves_on()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();
        var note = new string('x', ProtocolLimit + 1024);

        // The ID comes last, as the TypeScript SDK writes it, so it is found only by reading to the end of the line.
        var answer = await server.RequestBytesAsync(id => Encoding.UTF8.GetBytes(
            "{\"jsonrpc\": \"2.0\", \"method\": \"tools/call\", \"params\": " +
            CallParams(HostileJson.SendTool, "{\"custom_data\": {\"note\": \"" + note + "\"}}") + $", \"id\": {id}}}"));
        var next = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase());

        Assert.Equal(-32600, answer["error"]!["code"]!.GetValue<int>());
        Assert.Contains("this server reads messages of at most 16 MiB (16,777,216 bytes)", answer["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("sent", next["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Single(Graph.Requests);
        Assert.Equal(0, await server.CloseAsync());
    }

    [Fact]
    public async Task A_value_over_its_limit_is_rejected_without_being_repeated_in_the_result()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();
        var huge = "Zq" + new string('z', 8 * 1024 * 1024);

        var testCode = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase($$""", "test_event_code": "{{huge}}" """));
        var name = await server.CallToolAsync(HostileJson.PreviewTool, EventJson.WebsitePurchase().Replace("\"Purchase\"", $"\"{huge}\"", StringComparison.Ordinal));
        var emails = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase()
            .Replace($"\"em\": \"{EventJson.RawEmail}\"", "\"em\": [" + string.Join(", ", Enumerable.Range(0, 101).Select(i => $"\"c{i}@example.com\"")) + "]", StringComparison.Ordinal));

        Assert.Equal(["test_event_code"], ErrorPaths(ToolResult(testCode)));
        Assert.Equal(["event_name"], ErrorPaths(ToolResult(name)));
        Assert.Equal(["user_data.em"], ErrorPaths(ToolResult(emails)));
        Assert.Contains("longer than 100 characters", Text(ToolResult(testCode)), StringComparison.Ordinal);
        Assert.Contains("has 101 values; at most 100 are accepted per key", Text(ToolResult(emails)), StringComparison.Ordinal);
        foreach (var answer in new[] { testCode, name })
        {
            Assert.DoesNotContain("Zq", answer.ToJsonString(), StringComparison.Ordinal);
            Assert.True(answer.ToJsonString().Length < 20_000, $"an answer of {answer.ToJsonString().Length} characters");
        }

        Assert.Empty(Graph.Requests);
        Assert.Equal(0, await server.CloseAsync());
    }

    [Fact]
    public async Task A_pixel_id_number_is_taken_only_when_no_client_can_have_rounded_it()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(Graph.Url));
        await server.InitializeAsync();

        var safe = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase().Replace("\"1234567890\"", "1234567890", StringComparison.Ordinal));
        var unsafeId = await server.CallToolAsync(HostileJson.SendTool, EventJson.WebsitePurchase().Replace("\"1234567890\"", "9007199254740993", StringComparison.Ordinal));

        var sent = safe["result"]!["structuredContent"]!;
        Assert.Equal("sent", sent["status"]!.GetValue<string>());
        Assert.Contains(sent["warnings"]!.AsArray(), w => w!["path"]!.GetValue<string>() == "pixel_id"
            && w["message"]!.GetValue<string>().Contains("send it as a string (\"1234567890\")", StringComparison.Ordinal));
        Assert.Equal(["pixel_id"], ErrorPaths(ToolResult(unsafeId)));
        Assert.Contains("above 2^53 − 1", Text(ToolResult(unsafeId)), StringComparison.Ordinal);
        Assert.Single(Graph.Requests);
        Assert.Equal(0, await server.CloseAsync());
    }

    private const int ProtocolLimit = 16 * 1024 * 1024;

    private static string CallParams(string tool, string arguments) => "{\"name\": \"" + tool + "\", \"arguments\": " + arguments + "}";

    private static JsonNode ToolResult(JsonNode answer)
    {
        var result = answer["result"] ?? throw new InvalidOperationException($"not a tool result: {answer.ToJsonString()[..Math.Min(2000, answer.ToJsonString().Length)]}");
        Assert.True(result["isError"]!.GetValue<bool>());
        Assert.Equal("rejected", result["structuredContent"]!["status"]!.GetValue<string>());
        return result;
    }

    private static string[] ErrorPaths(JsonNode result) =>
        [.. result["structuredContent"]!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>())];

    private static string Text(JsonNode result) => result["content"]![0]!["text"]!.GetValue<string>();

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
