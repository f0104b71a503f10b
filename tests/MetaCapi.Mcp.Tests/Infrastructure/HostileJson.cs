using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// CsCheck generators of tool arguments of every shape: a valid event with some of its values replaced by wrong types,
/// nulls, deep nesting, huge strings and arrays, control characters, unusual Unicode and numbers out of range, or a
/// random object. Sizes stay bounded (a huge string is 1 MB, a huge array 10 000 items, nesting at most 40 levels,
/// below the 64 levels System.Text.Json reads in the protocol message) so a few hundred cases take seconds.
/// </summary>
public static class HostileJson
{
    public const string SendTool = "meta_send_conversion_event";
    public const string BatchTool = "meta_send_conversion_events";
    public const string PreviewTool = "meta_preview_conversion_event";

    /// <summary>Every parameter name the tools know, plus names they do not.</summary>
    private static readonly string[] TopLevelNames =
    [
        "pixel_id", "event_name", "event_time", "event_source_url", "user_data", "custom_data", "event_id", "action_source",
        "test_event_code", "response_format", "opt_out", "referrer_url", "data_processing_options",
        "data_processing_options_country", "data_processing_options_state", "app_data", "messaging_channel",
        "original_event_data", "events", "em", "value", "", " ", "__proto__", "PIXEL_ID", "event_name\u0000", "ünknown",
    ];

    private static readonly string[] UserDataNames =
    [
        "em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id", "client_ip_address",
        "client_user_agent", "fbc", "fbp", "subscription_id", "lead_id", "email", "phone", "zip", "ip", "user_agent",
        "mail", "EM", "",
    ];

    private static readonly string[] CustomDataNames =
    [
        "value", "currency", "content_name", "content_category", "content_ids", "contents", "content_type", "order_id",
        "num_items", "predicted_ltv", "net_revenue", "search_string", "status", "delivery_category", "custom_prop",
    ];

    /// <summary>Numbers at and beyond the edges of every numeric type, as JSON text.</summary>
    private static readonly string[] EdgeNumbers =
    [
        "0", "-0", "1", "-1", "0.5", "1e400", "-1e400", "1E-400", "4.9E-324", "1.7976931348623157E+308",
        "123456789012345678901234567890", "-123456789012345678901234567890", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "2147483648", "1700000000000", "1e3", "79228162514264337593543950336",
        "0.0000000000000000000000000001", "1.0",
    ];

    /// <summary>Text a normalizer or renderer may trip over: case mappings, combining marks, joiners, bidi, odd spaces.</summary>
    private static readonly string[] UnusualText =
    [
        "İ", "ı", "ß", "ς", "Σ", "ǅ", "ﬃ", "e\u0301", "\u0301", "👍🏽", "👨‍👩‍👧", "\U0001F600", "\u202e", "\u200b", "\u200d",
        "\ufeff", "\u00a0", "\u3000", "\u2028", "\u2029", "\u0085", "\uffff", "\ufffe", "\ufffd", "Ａ１", "٤٤", "𝔘𝔫𝔦",
        "Ω", "Å", "日本語", "עברית", "\u0000", "\u001b[31m", "|", "**", "`", "<script>", "\\", "\"", "%s", "{0}",
    ];

    /// <summary>Values close to valid ones, so some mutated events still pass and are sent.</summary>
    private static readonly string[] NearValid =
    [
        "Purchase", "purchase", "Lead", "website", "WEBSITE", "app", "json", "markdown", "JSON", "1234567890", "0", "USD", "usd",
        "https://shop.example.com/?fbclid=IwAR2xyz", "ftp://x", "+1 650 555 0100", "user@example.com", "", "   ", "LDU",
        "fb.1.1700000000000.AbCdEf", "203.0.113.7", "::1", "1990-02-31", "m", "female", "Mozilla/5.0",
    ];

    private static readonly Gen<string> BasicText = Gen.Char['\u0000', '\uD7FF'].Array[0, 24].Select(chars => new string(chars));

    private static readonly Gen<string> ControlText =
        Gen.Char["\u0000\u0001\u0007\b\t\n\r\u000b\u000c\u001b\u007f\u0085 a"].Array[1, 16].Select(chars => new string(chars));

    private static readonly Gen<string> UnicodeText =
        Gen.OneOf(UnusualText).Array[1, 8].Select(parts => string.Concat(parts));

    private static readonly Gen<string> HexText =
        Gen.Char["0123456789abcdefABCDEF"].Array[64].Select(chars => new string(chars))
            .SelectMany(hex => Gen.OneOf(hex, hex + ".AQ", hex + ".AbCd_-12", hex[..32], hex + ".x"));

    private static readonly Gen<string> Text = Gen.Frequency(
        (5, BasicText),
        (2, ControlText),
        (3, UnicodeText),
        (3, Gen.OneOf(NearValid)),
        (1, HexText));

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (2, Gen.Const(() => (JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (2, Gen.OneOf(EdgeNumbers).Select(n => JsonNode.Parse(n))),
        (6, Text.Select(s => (JsonNode?)JsonValue.Create(s))));

    /// <summary>
    /// Rare, big values: a 1 MB string (100 000 characters when each is written as a 6 or 12-byte JSON escape), a
    /// 10 000-item array, an object nested 20 to 40 levels deep.
    /// </summary>
    private static readonly Gen<JsonNode?> Huge = Gen.Frequency(
        (2, Gen.OneOf("a", " ", "9").Select(unit => (JsonNode?)JsonValue.Create(Repeat(unit, 1_000_000)))),
        (1, Gen.OneOf("é", "😀", "\u0000").Select(unit => (JsonNode?)JsonValue.Create(Repeat(unit, 100_000)))),
        (2, Gen.Const(() => (JsonNode?)new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create(i))]))),
        (1, Gen.Const(() => (JsonNode?)new JsonArray([.. Enumerable.Range(0, 10_000).Select(_ => (JsonNode?)new JsonObject())]))),
        (2, Gen.Int[20, 40].SelectMany(depth => Scalar.Select(leaf => Nest(depth, leaf)))));

    /// <summary>Any JSON value, nested at most <paramref name="depth"/> levels.</summary>
    public static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (8, Scalar),
            (2, Value(depth - 1).List[0, 4].Select(items => (JsonNode?)new JsonArray([.. items]))),
            (2, Gen.Select(Gen.OneOf([.. TopLevelNames, .. UserDataNames]).Array[0, 4], Value(depth - 1).Array[4], Object)));

    /// <summary>One of the three tools and arguments for it.</summary>
    public static Gen<(string Tool, JsonObject Arguments)> ToolCall { get; } =
        Gen.Select(
            Gen.OneOf(SendTool, SendTool, PreviewTool, BatchTool),
            Gen.Frequency((6, Mutated()), (1, RandomObject()), (1, Gen.Const(() => new JsonObject()))),
            (tool, arguments) => (tool, tool == BatchTool ? AsBatch(arguments) : arguments));

    /// <summary>A short form for failure reports: long strings and arrays are summarized, not printed.</summary>
    public static string Print((string Tool, JsonObject Arguments) call)
    {
        var json = call.Arguments.ToJsonString();
        return $"{call.Tool} {(json.Length <= 2000 ? json : json[..2000] + $"… ({json.Length} characters)")}";
    }

    /// <summary>A valid website purchase whose raw customer data is <see cref="EventJson.RawEmail"/> and <see cref="EventJson.RawPhone"/>.</summary>
    public static JsonObject ValidEvent() => JsonNode.Parse(EventJson.WebsitePurchase())!.AsObject();

    /// <summary>
    /// A valid event with one to four changes: a top-level parameter set or removed, a user_data or custom_data key
    /// set. Rarely, the new value is huge.
    /// </summary>
    private static Gen<JsonObject> Mutated() =>
        Gen.Select(
            Gen.Int[0, 3].Array[1, 4],
            Gen.OneOf(TopLevelNames).Array[4],
            Gen.OneOf(UserDataNames).Array[4],
            Gen.OneOf(CustomDataNames).Array[4],
            Gen.Frequency((30, Value(3)), (1, Huge)).Array[4],
            (kinds, top, user, custom, values) =>
            {
                var arguments = ValidEvent();
                for (var i = 0; i < kinds.Length; i++)
                {
                    switch (kinds[i])
                    {
                        case 0:
                            arguments[top[i]] = values[i];
                            break;
                        case 1 when arguments["user_data"] is JsonObject userData:
                            userData[user[i]] = values[i];
                            break;
                        case 2 when arguments["custom_data"] is JsonObject customData:
                            customData[custom[i]] = values[i];
                            break;
                        default:
                            arguments.Remove(top[i]);
                            break;
                    }
                }

                return arguments;
            });

    private static Gen<JsonObject> RandomObject() =>
        Gen.Select(Gen.OneOf(TopLevelNames).Array[0, 8], Value(3).Array[8], (names, values) => (JsonObject)Object(names, values)!);

    private static JsonNode? Object(string[] names, JsonNode?[] values)
    {
        var result = new JsonObject();
        for (var i = 0; i < names.Length; i++)
        {
            result[names[i]] = values[i]?.DeepClone();
        }

        return result;
    }

    /// <summary>The batch form: the call-level parameters stay, the event goes into events (unless events itself was mutated).</summary>
    private static JsonObject AsBatch(JsonObject arguments)
    {
        if (arguments.ContainsKey("events"))
        {
            return arguments;
        }

        var batch = new JsonObject();
        foreach (var name in new[] { "pixel_id", "test_event_code", "response_format" })
        {
            if (arguments.Remove(name, out var value))
            {
                batch[name] = value;
            }
        }

        batch["events"] = new JsonArray(arguments);
        return batch;
    }

    private static JsonNode? Nest(int depth, JsonNode? leaf)
    {
        var node = leaf;
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["k"] = node };
        }

        return node;
    }

    private static string Repeat(string unit, int length) =>
        new StringBuilder(length + unit.Length).Insert(0, unit, length / unit.Length).ToString();
}
