using System.Globalization;
using System.Text.Json;

namespace MetaCapi.Graph;

/// <summary>
/// Reading Meta's read APIs without trusting their shape: a value of an unexpected type is absent, a number may come
/// as a numeric string, a list as an array or as Graph's <c>{"data": [...]}</c> wrapper, a field under one of several
/// spellings. Nothing here throws on data.
/// </summary>
internal static class LenientJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The body as a JSON object, or null when it is not one (empty, not JSON, an array...).</summary>
    public static JsonDocument? ParseObject(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        try
        {
            var document = JsonDocument.Parse(body, DocumentOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first of <paramref name="names"/> present on <paramref name="parent"/> with a non-null value.</summary>
    public static JsonElement? Get(JsonElement parent, params ReadOnlySpan<string> names)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A string; numbers and booleans as their JSON text; anything else absent.</summary>
    public static string? Text(JsonElement parent, params ReadOnlySpan<string> names) => Get(parent, names) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } value => value.GetRawText(),
        _ => null,
    };

    /// <summary>A finite number, from a JSON number or a numeric string.</summary>
    public static double? Number(JsonElement parent, params ReadOnlySpan<string> names) =>
        Get(parent, names) is { } value ? Number(value) : null;

    /// <summary>A whole number (rounded towards zero if Meta sent a fraction), from a JSON number or a numeric string.</summary>
    public static long? Count(JsonElement parent, params ReadOnlySpan<string> names) =>
        Get(parent, names) is { } value ? Count(value) : null;

    /// <summary>A count read from an element itself.</summary>
    public static long? Count(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var whole))
        {
            return whole;
        }

        return Number(value) is { } number && number is >= long.MinValue and <= long.MaxValue ? (long)number : null;
    }

    /// <summary>A number read from an element itself.</summary>
    public static double? Number(JsonElement value)
    {
        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind != JsonValueKind.String
                 || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return null;
        }

        return double.IsFinite(number) ? number : null;
    }

    /// <summary>
    /// A percentage: <c>{"percentage": n}</c> (Meta's shape), or a bare number, under one of <paramref name="names"/>.
    /// </summary>
    public static double? Percentage(JsonElement parent, params ReadOnlySpan<string> names) => Get(parent, names) switch
    {
        { ValueKind: JsonValueKind.Object } value => Number(value, "percentage", "percent", "value"),
        { } value => Number(value),
        null => null,
    };

    /// <summary>The items of a list: a JSON array, or Graph's <c>{"data": [...]}</c>; a single object counts as one item.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement? value)
    {
        if (value is not { } element)
        {
            yield break;
        }

        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            element = data;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    yield return item;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
        }
    }
}
