using System.Globalization;
using System.Text.Json;
using MetaCapi.Input;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Tools;

/// <summary>The arguments of the read tools: the parameters each accepts, <c>agent_name</c>, the window, the token check.</summary>
internal static class ReadArguments
{
    /// <summary>The window when neither end is given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>About how far back Meta keeps the pixel's stats.</summary>
    public static readonly TimeSpan StatsRetention = TimeSpan.FromDays(7);

    private const int MaxAgentNameLength = 100;

    // Unix seconds from 2001-09-09 on have 10 digits; a 13-digit value is milliseconds.
    private const long MaxUnixSeconds = 99_999_999_999;

    /// <summary>An error for every argument the tool does not take, naming the ones it does.</summary>
    public static void RejectUnknown(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics, string[] parameters)
    {
        foreach (var name in arguments.Keys)
        {
            if (!JsonValues.IsShownName(name))
            {
                diagnostics.Error("arguments",
                    $"arguments has a parameter name longer than {InputLimits.Name} characters (not repeated here). " +
                    $"Accepted parameters: {string.Join(", ", parameters)}.");
            }
            else if (Array.IndexOf(parameters, name) < 0)
            {
                diagnostics.Error(name, $"Unknown parameter '{name}'. Accepted parameters: {string.Join(", ", parameters)}.");
            }
        }
    }

    /// <summary>The pixel ID, checked (1–20 digits).</summary>
    public static string? PixelId(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        var pixelId = CallArguments.PixelId(arguments, diagnostics);
        EventValidator.ValidatePixelId(pixelId, diagnostics);
        return diagnostics.HasErrorAt("pixel_id") ? null : pixelId;
    }

    /// <summary><c>agent_name</c>: a string, trimmed; empty counts as absent.</summary>
    public static string? AgentName(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("agent_name", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String && JsonValues.TryBounded(value, MaxAgentNameLength, out var given)
            ? given!.Trim()
            : null;
        if (text is null || text.Any(char.IsControl))
        {
            diagnostics.Error("agent_name",
                $"agent_name must be a string of at most {MaxAgentNameLength} characters: the normalized partner_agent the events were " +
                "sent with (e.g. \"shopify\"), or left out to see every event.");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The window from <c>since</c> and <c>until</c> (Unix seconds or ISO 8601), with the defaults: until is now, since
    /// 24 hours before until. Null when an end is invalid or the window is empty.
    /// </summary>
    public static (DateTimeOffset Since, DateTimeOffset Until)? Window(
        IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics, DateTimeOffset now)
    {
        var since = Time(arguments, "since", diagnostics);
        var until = Time(arguments, "until", diagnostics);
        if (diagnostics.HasErrorAt("since") || diagnostics.HasErrorAt("until"))
        {
            return null;
        }

        var end = until ?? now;
        var begin = since ?? end - DefaultWindow;
        if (begin >= end)
        {
            diagnostics.Error("since", until is null
                ? "since must be in the past: the window runs from since to now (or to until)."
                : "since must come before until: the window runs from since (inclusive) to until (exclusive).");
            return null;
        }

        if (begin < now - StatsRetention)
        {
            diagnostics.Warning("since",
                "The window starts more than 7 days ago; Meta keeps these stats for about 7 days, so older hours may be missing.");
        }

        return (begin, end);
    }

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, JsonElement> arguments, string name, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var accepted = $"{name} must be a time: Unix seconds (e.g. 1767528000) or ISO 8601 (e.g. \"2026-01-04T12:00:00Z\"; without an offset it is UTC).";
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var seconds) ? Seconds(seconds, name, diagnostics) : Error(diagnostics, name, accepted);
        }

        if (value.ValueKind != JsonValueKind.String || !JsonValues.TryBounded(value, InputLimits.Code, out var given)
            || given!.Trim() is not { Length: > 0 } text)
        {
            return Error(diagnostics, name, accepted);
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
        {
            return Seconds(digits, name, diagnostics);
        }

        return DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Length >= 10 && char.IsAsciiDigit(text[0])
            ? time
            : Error(diagnostics, name, accepted);
    }

    private static DateTimeOffset? Seconds(long seconds, string name, Diagnostics diagnostics)
    {
        if (seconds > MaxUnixSeconds)
        {
            return Error(diagnostics, name, $"{name} looks like milliseconds; give Unix time in SECONDS (10 digits, e.g. 1767528000).");
        }

        return seconds < 0
            ? Error(diagnostics, name, $"{name} must be a Unix time in seconds after 1970 (e.g. 1767528000).")
            : DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private static DateTimeOffset? Error(Diagnostics diagnostics, string name, string message)
    {
        diagnostics.Error(name, message);
        return null;
    }
}
