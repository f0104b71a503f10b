using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MetaCapi.Validation;

namespace MetaCapi.Input;

/// <summary>
/// Typed reads of single JSON values that report a wrong type as an error naming the parameter and what is
/// accepted. JSON <c>null</c> counts as "not given" everywhere; numbers written as strings are accepted. Every string
/// read has a maximum length (<see cref="InputLimits"/>): a longer value is an error that never quotes it, found from
/// its size in the JSON before it is copied.
/// </summary>
internal static class JsonValues
{
    public static bool IsAbsent(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    /// <summary>"a string", "an array", … for messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    public static string? String(JsonElement value, string path, int maxLength, Diagnostics diagnostics)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return Bounded(value, path, maxLength, diagnostics);
        }

        diagnostics.Error(path, $"{path} must be a string, but got {Describe(value)}.");
        return null;
    }

    /// <summary>A string, or a JSON number taken as its exact text (IDs such as <c>123</c>).</summary>
    public static string? StringOrNumber(JsonElement value, string path, int maxLength, Diagnostics diagnostics)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                return Bounded(value, path, maxLength, diagnostics);
            default:
                diagnostics.Error(path, $"{path} must be a string (numbers are accepted too), but got {Describe(value)}.");
                return null;
        }
    }

    /// <summary>
    /// The text of a string (or the exact text of a number) of at most <paramref name="maxLength"/> characters, or
    /// null with an error at <paramref name="path"/> that gives the limit, not the value.
    /// </summary>
    public static string? Bounded(JsonElement value, string path, int maxLength, Diagnostics diagnostics)
    {
        if (TryBounded(value, maxLength, out var text))
        {
            return text;
        }

        diagnostics.Error(path, TooLong(path, maxLength));
        return null;
    }

    /// <summary>
    /// Reads a string (its text) or a number (its exact text) only when it has at most <paramref name="maxLength"/>
    /// characters. The size of the value in the JSON decides first, so a value of megabytes is never copied: each
    /// character takes 1 to 6 bytes there (<c>\uXXXX</c>), so more than 6 bytes per allowed character is too long.
    /// </summary>
    public static bool TryBounded(JsonElement value, int maxLength, out string? text)
    {
        text = null;
        var raw = JsonMarshal.GetRawUtf8Value(value).Length;
        if (value.ValueKind == JsonValueKind.String)
        {
            raw -= 2; // the quotes
        }

        if (raw > 6L * maxLength)
        {
            return false;
        }

        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (text.Length > maxLength)
        {
            text = null;
            return false;
        }

        return true;
    }

    /// <summary>The error for a value longer than its limit: the limit, never the value.</summary>
    public static string TooLong(string path, int maxLength) =>
        $"{path} is longer than {maxLength.ToString("N0", CultureInfo.InvariantCulture)} characters, the most accepted here " +
        "(see the limits in the README); the value is not repeated here.";

    /// <summary>
    /// A property name as it may appear in a message or a path: itself when it has at most
    /// <see cref="InputLimits.Name"/> characters, else null (the caller reports it without quoting it).
    /// </summary>
    public static bool IsShownName(string name) => name.Length <= InputLimits.Name;

    public static long? Integer(JsonElement value, string path, string expected, Diagnostics diagnostics)
    {
        if (TryInteger(value, out var result))
        {
            return result;
        }

        diagnostics.Error(path, $"{path} must be {expected}, but got {DescribeForNumber(value)}.");
        return null;
    }

    public static decimal? Number(JsonElement value, string path, string expected, Diagnostics diagnostics)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDecimal(out var number):
                return number;
            case JsonValueKind.String when TryBounded(value, InputLimits.NumberText, out var text) && decimal.TryParse(
                text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case JsonValueKind.Number:
                diagnostics.Error(path, $"{path} must be {expected}; the number given is out of range.");
                return null;
            default:
                diagnostics.Error(path, $"{path} must be {expected}, but got {DescribeForNumber(value)}.");
                return null;
        }
    }

    public static bool? Boolean(JsonElement value, string path, Diagnostics diagnostics)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                diagnostics.Error(path, $"{path} must be true or false, but got {Describe(value)}.");
                return null;
        }
    }

    /// <summary>true/false, or 1/0 as Meta's app_data documentation writes them.</summary>
    public static bool? Flag(JsonElement value, string path, Diagnostics diagnostics)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.ValueKind == JsonValueKind.True;
        }

        if (TryInteger(value, out var number) && number is 0 or 1)
        {
            return number == 1;
        }

        diagnostics.Error(path, $"{path} must be true or false (1 or 0 are accepted too), but got {Describe(value)}.");
        return null;
    }

    /// <summary>An array of strings (numbers taken as their text); a single string counts as a list of one.</summary>
    public static List<string>? StringList(JsonElement value, string path, int maxItemLength, Diagnostics diagnostics)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            return StringOrNumber(value, path, maxItemLength, diagnostics) is { } single ? [single] : null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            diagnostics.Error(path, $"{path} must be an array of strings, but got {Describe(value)}.");
            return null;
        }

        var list = new List<string>(value.GetArrayLength());
        var index = -1;
        foreach (var item in value.EnumerateArray())
        {
            index++;
            if (item.ValueKind is JsonValueKind.String or JsonValueKind.Number && TryBounded(item, maxItemLength, out var text))
            {
                list.Add(text!);
                continue;
            }

            // The item's path is made only for its error.
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
            if (IsAbsent(item))
            {
                diagnostics.Error(itemPath, $"{itemPath} must be a string, but got null.");
            }
            else
            {
                _ = StringOrNumber(item, itemPath, maxItemLength, diagnostics);
            }
        }

        return list;
    }

    public static bool RequireObject(JsonElement value, string path, string what, Diagnostics diagnostics)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        diagnostics.Error(path, $"{(path.Length == 0 ? "The event" : path)} must be an object ({what}), but got {Describe(value)}.");
        return false;
    }

    public static bool TryInteger(JsonElement value, out long result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetInt64(out result))
                {
                    return true;
                }

                // 1.7e9 or 1700000000.0: accept when it is a whole number that fits.
                if (value.TryGetDecimal(out var number) && decimal.Truncate(number) == number
                    && number is >= long.MinValue and <= long.MaxValue)
                {
                    result = (long)number;
                    return true;
                }

                break;
            case JsonValueKind.String when TryBounded(value, InputLimits.NumberText, out var text):
                return long.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out result);
        }

        result = 0;
        return false;
    }

    private static string DescribeForNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number with a fraction or out of range",
        JsonValueKind.String => "a string that is not a number",
        _ => Describe(value),
    };
}
