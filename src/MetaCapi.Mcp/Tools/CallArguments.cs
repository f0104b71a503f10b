using System.Globalization;
using System.Text.Json;
using MetaCapi.Input;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Tools;

/// <summary>How the text content of a result is written.</summary>
internal enum ResponseFormat
{
    Markdown,
    Json,
}

/// <summary>Reads the call-level parameters every tool shares: <c>pixel_id</c>, <c>test_event_code</c>, <c>response_format</c>.</summary>
internal static class CallArguments
{
    private static readonly string[] ResponseFormats = ["markdown", "json"];

    /// <summary>The largest integer a JSON number carries exactly in every client (2^53 − 1, JavaScript's safe integers).</summary>
    public const ulong MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>
    /// <c>pixel_id</c>: a string, or a JSON number that is a safe integer (with a warning to send a string). A larger
    /// number is refused: a client that parsed it as a double may already have rounded it to another pixel's ID.
    /// </summary>
    public static string? PixelId(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("pixel_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return JsonValues.Bounded(value, "pixel_id", InputLimits.Code, diagnostics)?.Trim();
            case JsonValueKind.Number when value.TryGetUInt64(out var number) && number <= MaxSafeInteger:
                var digits = number.ToString(CultureInfo.InvariantCulture);
                diagnostics.Warning("pixel_id",
                    $"pixel_id was given as a JSON number; send it as a string (\"{digits}\"): a number above 2^53 − 1 loses digits in " +
                    "many JSON clients, which would send the event to another pixel.");
                return digits;
            case JsonValueKind.Number when value.TryGetUInt64(out _) || IsLargeInteger(value):
                diagnostics.Error("pixel_id",
                    "pixel_id is a JSON number above 2^53 − 1 (9007199254740991), the largest a JSON client keeps exactly, so it may " +
                    "already have been rounded to another pixel's ID. Send the Meta Pixel (dataset) ID as a string of digits.");
                return null;
            default:
                diagnostics.Error("pixel_id", "pixel_id must be the Meta Pixel (dataset) ID as a string of 1–20 digits (e.g. \"1234567890123456\").");
                return null;
        }
    }

    /// <summary>A whole number too large for 64 bits, written with digits only or with an exponent (<c>1e25</c>).</summary>
    private static bool IsLargeInteger(JsonElement value) =>
        value.TryGetDouble(out var number) && double.IsFinite(number) && number >= MaxSafeInteger && Math.Floor(number) == number;

    public static string? TestEventCode(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("test_event_code", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            diagnostics.Error("test_event_code", "test_event_code must be a string: the code shown in Events Manager → Test Events (e.g. \"TEST12345\").");
            return null;
        }

        var code = JsonValues.Bounded(value, "test_event_code", InputLimits.Code, diagnostics)?.Trim();
        return string.IsNullOrEmpty(code) ? null : code;
    }

    public static ResponseFormat Format(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("response_format", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return ResponseFormat.Markdown;
        }

        var text = value.ValueKind == JsonValueKind.String && JsonValues.TryBounded(value, InputLimits.Code, out var given) ? given!.Trim() : null;
        if (string.Equals(text, "json", StringComparison.OrdinalIgnoreCase))
        {
            return ResponseFormat.Json;
        }

        if (text is null)
        {
            diagnostics.Error("response_format", value.ValueKind == JsonValueKind.String
                ? JsonValues.TooLong("response_format", InputLimits.Code)
                : "response_format must be the string \"markdown\" (default) or \"json\".");
        }
        else if (!string.Equals(text, "markdown", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Error("response_format", AcceptedValues.UnknownValue("response_format", text, ResponseFormats));
        }

        return ResponseFormat.Markdown;
    }
}
