using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaCapi.EndToEnd;

/// <summary>
/// A server to measure: its command, the environment that points it at the fake Graph, and how to call its single and
/// batch send tools. The default profile is this repository's server; another server (a peer) is described by a JSON
/// profile file, so no peer's code or names live in the repository:
/// <code>
/// { "env": { "TOKEN_VAR": "bench", "BASE_URL_VAR": "$GRAPH_URL" },
///   "single_tool": "send_event", "single_arguments": { ...with "$INDEX", "$PHONE4" (4 digits), "$TIME" in strings... },
///   "batch_tool": "send_events", "batch_arguments": { "pixel_id": "1", "events": "$EVENTS" }, "batch_item": { ... } }
/// </code>
/// </summary>
internal sealed class Variant
{
    public required string Name { get; init; }

    public required string Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public required JsonObject Profile { get; init; }

    /// <summary>Variables of this variant only (<c>--env NAME:VAR=VALUE</c>), over the profile's.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    public static Variant Parse(string spec, string? profilePath, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        // NAME=COMMAND ARG ARG…
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"a variant is NAME=COMMAND [ARGS], got '{spec}'");
        }

        var parts = spec[(equals + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var profile = profilePath is null
            ? DefaultProfile()
            : JsonNode.Parse(File.ReadAllText(profilePath))!.AsObject();
        return new Variant
        {
            Name = spec[..equals],
            Command = parts[0],
            Arguments = parts[1..],
            Profile = profile,
            ExtraEnvironment = extraEnvironment ?? new Dictionary<string, string>(),
        };
    }

    public IEnumerable<KeyValuePair<string, string>> Environment(string graphUrl)
    {
        if (Profile["env"] is JsonObject env)
        {
            foreach (var (name, value) in env)
            {
                yield return new(name, value!.GetValue<string>().Replace("$GRAPH_URL", graphUrl, StringComparison.Ordinal));
            }
        }

        foreach (var variable in ExtraEnvironment)
        {
            yield return variable;
        }
    }

    /// <summary>tools/call params of one single-event send.</summary>
    public string SingleCall(int index, long now) =>
        Call(Profile["single_tool"]!.GetValue<string>(), Fill(Profile["single_arguments"]!, index, now).ToJsonString());

    /// <summary>tools/call params of one batch send of <paramref name="size"/> distinct events.</summary>
    public string BatchCall(int size, int first, long now)
    {
        var items = new StringBuilder(size * 700);
        items.Append('[');
        for (var i = 0; i < size; i++)
        {
            if (i > 0)
            {
                items.Append(',');
            }

            items.Append(Fill(Profile["batch_item"]!, first + i, now).ToJsonString());
        }

        items.Append(']');
        var arguments = Fill(Profile["batch_arguments"]!, first, now).ToJsonString()
            .Replace("\"$EVENTS\"", items.ToString(), StringComparison.Ordinal);
        return Call(Profile["batch_tool"]!.GetValue<string>(), arguments);
    }

    /// <summary>tools/call params of a single send carrying a custom_data string of <paramref name="bytes"/> bytes.</summary>
    public string LargeCall(int index, long now, int bytes)
    {
        var arguments = Fill(Profile["single_arguments"]!, index, now).AsObject();
        var custom = arguments["custom_data"] as JsonObject ?? new JsonObject();
        custom["note"] = new string('x', bytes);
        arguments["custom_data"] = custom.DeepClone();
        return Call(Profile["single_tool"]!.GetValue<string>(), arguments.ToJsonString());
    }

    private static string Call(string tool, string argumentsJson) =>
        $"{{\"name\":{JsonSerializer.Serialize(tool)},\"arguments\":{argumentsJson}}}";

    private static JsonNode Fill(JsonNode template, int index, long now)
    {
        var text = template.ToJsonString()
            .Replace("$PHONE4", (index % 10000).ToString("D4", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$INDEX", index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"$TIME\"", now.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return JsonNode.Parse(text)!;
    }

    /// <summary>This repository's server: a website purchase with full customer data (9 hashed keys, a phone to parse, IP, user agent, fbp).</summary>
    private static JsonObject DefaultProfile()
    {
        var userData = new JsonObject
        {
            ["em"] = "  Customer.$INDEX@Example.com ",
            ["ph"] = "(650) 555-$PHONE4",
            ["fn"] = "Mary-Jane",
            ["ln"] = "O'Brien",
            ["db"] = "1997-02-16",
            ["ge"] = "Female",
            ["ct"] = "San Francisco",
            ["st"] = "California",
            ["zp"] = "94035-1234",
            ["country"] = "United States",
            ["external_id"] = "User $INDEX",
            ["client_ip_address"] = "203.0.113.7",
            ["client_user_agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
            ["fbp"] = "fb.1.1596403881668.1116446470",
        };
        var item = new JsonObject
        {
            ["event_name"] = "Purchase",
            ["event_time"] = "$TIME",
            ["event_id"] = "order-$INDEX",
            ["event_source_url"] = "https://shop.example.com/checkout/thanks",
            ["action_source"] = "website",
            ["user_data"] = userData,
            ["custom_data"] = new JsonObject { ["currency"] = "usd", ["value"] = 49.9, ["content_ids"] = new JsonArray("SKU-1", "SKU-2") },
        };
        var single = (JsonObject)item.DeepClone();
        single["pixel_id"] = "1234567890";
        single["response_format"] = "json";
        return new JsonObject
        {
            ["env"] = new JsonObject
            {
                ["META_ACCESS_TOKEN"] = "bench-token",
                ["META_GRAPH_BASE_URL"] = "$GRAPH_URL",
                ["META_HTTP_MAX_ATTEMPTS"] = "1",
            },
            ["single_tool"] = "meta_send_conversion_event",
            ["single_arguments"] = single,
            ["batch_tool"] = "meta_send_conversion_events",
            ["batch_arguments"] = new JsonObject { ["pixel_id"] = "1234567890", ["events"] = "$EVENTS", ["response_format"] = "json" },
            ["batch_item"] = item,
        };
    }
}
