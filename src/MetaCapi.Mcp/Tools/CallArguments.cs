using System.Text.Json;
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

    public static string? PixelId(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("pixel_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!.Trim();
            case JsonValueKind.Number when value.TryGetUInt64(out var number):
                return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            default:
                diagnostics.Error("pixel_id", "pixel_id must be the Meta Pixel (dataset) ID as a string of 1–20 digits (e.g. \"1234567890123456\").");
                return null;
        }
    }

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

        var code = value.GetString()!.Trim();
        return code.Length == 0 ? null : code;
    }

    public static ResponseFormat Format(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("response_format", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return ResponseFormat.Markdown;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (string.Equals(text, "json", StringComparison.OrdinalIgnoreCase))
        {
            return ResponseFormat.Json;
        }

        if (text is null)
        {
            diagnostics.Error("response_format", "response_format must be the string \"markdown\" (default) or \"json\".");
        }
        else if (!string.Equals(text, "markdown", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Error("response_format", AcceptedValues.UnknownValue("response_format", text, ResponseFormats));
        }

        return ResponseFormat.Markdown;
    }
}
