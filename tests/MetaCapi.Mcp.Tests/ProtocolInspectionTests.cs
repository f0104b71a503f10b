using System.Text;
using System.Text.Json;
using MetaCapi.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// What the stdio transport finds in a message's bytes before the SDK reads it (<see cref="MessageInspector"/>), how it
/// splits input into bounded lines (<see cref="LineReader"/>) and how it finds the ID of a message it does not read
/// (<see cref="IdScanner"/>). In process; the same behaviour through the real server is in <see cref="HostileInputTests"/>.
/// </summary>
public sealed class ProtocolInspectionTests
{
    private static Inspection Inspect(string json) => MessageInspector.Inspect(Encoding.UTF8.GetBytes(json));

    private static string Call(string arguments, string tool = "meta_send_conversion_event") =>
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";

    private static JsonElement RepairedArguments(Inspection inspection)
    {
        Assert.NotNull(inspection.Repaired);
        using var repaired = JsonDocument.Parse(inspection.Repaired, new JsonDocumentOptions { AllowDuplicateProperties = false });
        return repaired.RootElement.GetProperty("params").GetProperty("arguments").Clone();
    }

    private static (string Path, string Message)[] Problems(Inspection inspection) =>
        [.. (inspection.ArgumentProblems ?? []).Select(p => (p.Path, p.Message))];

    [Fact]
    public void A_clean_tool_call_has_nothing_to_report_and_its_arguments_are_located()
    {
        var json = Call("""{"pixel_id": "1", "user_data": {"em": ["a@b.co", "c@d.co"]}}""");

        var inspection = MessageInspector.Inspect(Encoding.UTF8.GetBytes(json));

        Assert.Null(inspection.Refusal);
        Assert.Null(inspection.ArgumentProblems);
        var (start, length) = inspection.Arguments!.Value.GetOffsetAndLength(Encoding.UTF8.GetByteCount(json));
        Assert.Equal("""{"pixel_id": "1", "user_data": {"em": ["a@b.co", "c@d.co"]}}""", json.Substring(start, length));
    }

    [Theory]
    [InlineData("""{"pixel_id": "1", "event_name": "Lead", "pixel_id": "2"}""", "pixel_id")]
    [InlineData("""{"user_data": {"em": "a@b.co", "ph": "1", "em": "c@d.co"}}""", "user_data.em")]
    [InlineData("""{"events": [], "pixel_id": "1", "events": [{}]}""", "events")]
    [InlineData("""{"events": [{"event_name": "A"}, {"user_data": {"fn": "x", "fn": "y"}}]}""", "events[1].user_data.fn")]
    [InlineData("""{"custom_data": {"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9, "k3": 33}}""", "custom_data.k3")]
    [InlineData("""{"c\u0075rrency": "USD", "currency": "EUR"}""", "currency")]
    public void A_key_given_twice_is_a_problem_at_its_path_and_the_first_value_is_kept(string arguments, string path)
    {
        var inspection = Inspect(Call(arguments));

        var (problemPath, message) = Assert.Single(Problems(inspection));
        Assert.Equal(path, problemPath);
        Assert.Contains("is given twice", message, StringComparison.Ordinal);
        Assert.Null(inspection.Refusal);
        Assert.Null(inspection.Arguments);
        _ = RepairedArguments(inspection); // valid JSON without duplicates
    }

    [Fact]
    public void A_repeated_key_is_found_in_an_object_of_many_keys()
    {
        var keys = string.Join(", ", Enumerable.Range(0, 500).Select(i => $"\"k{i}\": {i}"));

        var inspection = Inspect(Call("{\"custom_data\": {" + keys + ", \"k250\": 0, \"k499\": 1}}"));

        Assert.Equal(["custom_data.k250", "custom_data.k499"], Problems(inspection).Select(p => p.Path));
        Assert.Equal(500, RepairedArguments(inspection).GetProperty("custom_data").EnumerateObject().Count());
    }

    [Fact]
    public void Removing_a_repeated_or_over_long_key_keeps_the_json_valid_wherever_it_stands()
    {
        var longName = new string('n', 101);
        var inspection = Inspect(Call($$"""{"{{longName}}": 1, "{{longName}}x": [2], "a": 1, "b": {"c": 1, "c": 2}, "a": 3, "d": 4}"""));

        var arguments = RepairedArguments(inspection);

        Assert.Equal("""{"a": 1, "b": {"c": 1}, "d": 4}""", arguments.GetRawText());
        Assert.Equal(["arguments", "arguments", "b.c", "a"], Problems(inspection).Select(p => p.Path));
        Assert.DoesNotContain(longName, string.Join("\n", Problems(inspection).Select(p => p.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_a_problem_at_their_path_and_repaired_with_replacement_characters()
    {
        var json = Encoding.UTF8.GetBytes(Call("""{"event_id": "o1", "user_data": {"fn": "XXXXXX", "XX": "y"}}"""));
        Replace(json, "\"XXXXXX\"", [(byte)'"', 0xC0, 0xAF, 0xFF, 0xED, 0xA0, 0x80, (byte)'"']);
        Replace(json, "\"XX\"", [(byte)'"', 0xFF, 0xFE, (byte)'"']);

        var inspection = MessageInspector.Inspect(json);

        var problems = Problems(inspection);
        Assert.Equal(["user_data.fn", "user_data"], problems.Select(p => p.Path));
        Assert.Contains("is not valid UTF-8 text", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("A parameter name in user_data is not valid UTF-8", problems[1].Message, StringComparison.Ordinal);
        var userData = RepairedArguments(inspection).GetProperty("user_data");
        Assert.Contains('\uFFFD', userData.GetProperty("fn").GetString()!);
    }

    [Fact]
    public void Unpaired_surrogate_escapes_are_problems_and_whole_pairs_are_not()
    {
        var inspection = Inspect(Call("""{"event_id": "a \ud83d", "fn": ["\ud83c\udf70 ok", "\udc00x"], "ln": "\\ud83d is text"}"""));

        Assert.Equal(["event_id", "fn[1]"], Problems(inspection).Select(p => p.Path));
        var arguments = RepairedArguments(inspection);
        Assert.Equal("a \uFFFD", arguments.GetProperty("event_id").GetString());
        Assert.Equal("🍰 ok", arguments.GetProperty("fn")[0].GetString());
    }

    [Theory]
    [InlineData("[1, 2]", "an array")]
    [InlineData("\"x\"", "a string")]
    [InlineData("5", "a number")]
    [InlineData("true", "a boolean")]
    public void Arguments_that_are_not_an_object_are_a_problem_at_arguments_and_become_empty(string arguments, string kind)
    {
        var inspection = Inspect(Call(arguments));

        var (path, message) = Assert.Single(Problems(inspection));
        Assert.Equal("arguments", path);
        Assert.Contains($"arguments must be an object of named parameters (such as {{\"pixel_id\"", message, StringComparison.Ordinal);
        Assert.EndsWith($"but got {kind}.", message, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, RepairedArguments(inspection).ValueKind);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":[]}""", -32602, "the params of tools/call must be an object of named parameters, but got an array")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/list","params":"x"}""", -32602, "the params of tools/list must be an object of named parameters, but got a string")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"arguments":{}}}""", -32602, "tools/call needs params.name")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":5}}""", -32602, "params.name must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a","name":"b"}}""", -32602, "params.name is given twice")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a","_meta":{"p":1,"p":2}}}""", -32602, "params._meta.p is given twice")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"clientInfo":{"name":"a","name":"b"}}}""", -32602, "params.clientInfo.name is given twice")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"id":3,"method":"tools/list"}""", -32600, "the message has the key \"id\" twice")]
    [InlineData("""{"jsonrpc":"1.0","id":3,"method":"tools/list"}""", -32600, "\"jsonrpc\" must be \"2.0\"")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":7}""", -32600, "\"method\" must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/\ud800"}""", -32600, "\"method\" must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"\udc00","arguments":{}}}""", -32602, "params.name is not valid Unicode text")]
    [InlineData("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"a","arguments":{}},"id":3,""", -32700, "Parse error: the message is not valid JSON")]
    public void A_malformed_request_is_refused_with_a_specific_error_and_its_id(string json, int code, string message)
    {
        var inspection = Inspect(json);

        Assert.NotNull(inspection.Refusal);
        Assert.Equal(code, inspection.Refusal.Code);
        Assert.Contains(message, inspection.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(new RequestId(3), inspection.Id);
    }

    [Fact]
    public void Nesting_deeper_than_the_sdk_reads_is_a_parse_error()
    {
        var json = """{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"a","arguments":{"x":""" +
                   new string('[', 100) + new string(']', 100) + "}}}";

        var inspection = Inspect(json);

        Assert.Equal(-32700, inspection.Refusal!.Code);
        Assert.Contains("nested deeper than 64 levels", inspection.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(new RequestId("deep"), inspection.Id);
    }

    [Fact]
    public void A_notification_or_an_answer_of_the_client_is_not_given_an_id()
    {
        var notification = Inspect("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":[]}""");
        var answer = Inspect("""{"jsonrpc":"2.0","id":1,"result":{"a":1,"a":2}}""");

        Assert.NotNull(notification.Refusal);
        Assert.Null(notification.Id);
        Assert.Same(Inspection.Clean, answer);
    }

    [Fact]
    public void Lines_are_split_on_line_feeds_with_an_optional_carriage_return_and_a_last_line_without_one()
    {
        var reader = new LineReader(new TrickleStream("a\r\n\nbc\nlast"u8.ToArray(), chunk: 2), maxLineBytes: 100);

        Assert.Equal(["a", "", "bc", "last"], ReadAll(reader));
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_skipped_with_its_length_and_id_and_the_next_line_is_read()
    {
        var longLine = """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"t","arguments":{"note":""" + "\"" +
                       new string('x', 5000) + "\"}},\"id\":\"big-1\"}";
        var input = Encoding.UTF8.GetBytes("first\n" + longLine + "\nnext\n");
        var reader = new LineReader(new TrickleStream(input, chunk: 333), maxLineBytes: 1000);

        Assert.Equal("first", Encoding.UTF8.GetString(reader.Next().Bytes.Span));
        var skipped = reader.Next();
        Assert.Equal(LineKind.Oversized, skipped.Kind);
        Assert.Equal(Encoding.UTF8.GetByteCount(longLine), skipped.Length);
        Assert.Equal(new RequestId("big-1"), skipped.Scanner!.Id);
        Assert.Equal("tools/call", skipped.Scanner.Method);
        Assert.Equal("next", Encoding.UTF8.GetString(reader.Next().Bytes.Span));
        Assert.Equal(LineKind.End, reader.Next().Kind);
    }

    [Fact]
    public void A_line_just_over_the_limit_that_arrives_whole_is_still_refused()
    {
        var line = "{\"id\": 9, \"method\": \"m\", \"params\": \"" + new string('y', 1000) + "\"}";
        var reader = new LineReader(new TrickleStream(Encoding.UTF8.GetBytes(line + "\nok\n"), chunk: 1 << 20), maxLineBytes: line.Length - 1);

        var first = reader.Next();

        Assert.Equal(LineKind.Oversized, first.Kind);
        Assert.Equal(new RequestId(9), first.Scanner!.Id);
        Assert.Equal("ok", Encoding.UTF8.GetString(reader.Next().Bytes.Span));
    }

    [Theory]
    [InlineData("""{"id": 42, "method": "x"}""", 42L, null)]
    [InlineData("""{"params": {"id": 1, "s": "\"id\": 2, }"}, "id": "outer", "method": "m"}""", null, "outer")]
    [InlineData("""{"method": "m", "params": [{"id": 1}], "id": -9}""", -9L, null)]
    [InlineData("""{"id": {"nested": 1}}""", null, null)]
    [InlineData("""["id", 1]""", null, null)]
    public void The_id_scanner_finds_the_top_level_id_wherever_it_is(string json, long? number, string? text)
    {
        var scanner = new IdScanner();
        foreach (var part in Encoding.UTF8.GetBytes(json).Chunk(3))
        {
            scanner.Feed(part);
        }

        RequestId? expected = number is { } n ? new RequestId(n) : text is { } t ? new RequestId(t) : null;
        Assert.Equal(expected, scanner.Id);
    }

    private static List<string> ReadAll(LineReader reader)
    {
        var lines = new List<string>();
        for (var line = reader.Next(); line.Kind != LineKind.End; line = reader.Next())
        {
            lines.Add(Encoding.UTF8.GetString(line.Bytes.Span));
        }

        return lines;
    }

    private static void Replace(byte[] bytes, string ascii, byte[] replacement)
    {
        var index = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii));
        Assert.True(index >= 0 && replacement.Length == ascii.Length);
        replacement.CopyTo(bytes, index);
    }

    /// <summary>A stream that returns at most <paramref name="chunk"/> bytes per read, as a pipe may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
