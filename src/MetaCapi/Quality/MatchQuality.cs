namespace MetaCapi.Quality;

/// <summary>How well Meta can match an event to a person, judged from the keys it carries.</summary>
public enum MatchRating
{
    /// <summary>No strong identifier: most events like this will not match.</summary>
    Weak,

    /// <summary>Some strong identifiers; adding the missing ones raises the match rate.</summary>
    Fair,

    /// <summary>Email or phone together with a click, browser or customer ID, or the IP address and user agent.</summary>
    Strong,
}

/// <summary>The match-quality assessment of one event or a batch.</summary>
/// <param name="Present">The identifiers present, in ranking order.</param>
/// <param name="Missing">The strong identifiers missing, most valuable first.</param>
/// <param name="Rating">Weak, fair or strong.</param>
/// <param name="Verdict">A short verdict with what to add.</param>
public sealed record MatchQualityReport(IReadOnlyList<string> Present, IReadOnlyList<string> Missing, MatchRating Rating, string Verdict);

/// <summary>
/// Ranks identifiers by Meta's guidance (reference capi.md §9, SPEC §3.3): <c>em</c>, <c>ph</c>, <c>fbc</c>,
/// <c>external_id</c>, <c>client_ip_address</c> + <c>client_user_agent</c>, <c>fbp</c>, then names, location
/// and birth date. It judges which keys are present, never their values; Meta's own Event Match Quality score
/// in Events Manager is the final word.
/// </summary>
public static class MatchQuality
{
    /// <summary>The strong identifiers, most valuable first, with why each matters.</summary>
    public static IReadOnlyList<(string Key, string Why)> StrongIdentifiers { get; } =
    [
        ("em", "hashed email, the most widely matched identifier"),
        ("ph", "hashed phone with country code"),
        ("fbc", "click ID from the _fbc cookie or an fbclid, which ties the event to the ad click"),
        ("external_id", "your customer ID, the same one the Pixel sends"),
        ("client_ip_address", "IP address, with the user agent"),
        ("client_user_agent", "browser user agent, with the IP address"),
        ("fbp", "browser ID from the _fbp cookie"),
    ];

    private static readonly string[] SupportingIdentifiers = ["fn", "ln", "ct", "st", "zp", "country", "db", "ge"];

    /// <summary>Assesses the keys of one event (or the union of a batch's keys).</summary>
    public static MatchQualityReport Assess(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);

        var present = new List<string>();
        var missing = new List<string>();
        foreach (var (key, _) in StrongIdentifiers)
        {
            (keys.Contains(key) ? present : missing).Add(key);
        }

        foreach (var key in SupportingIdentifiers)
        {
            if (keys.Contains(key))
            {
                present.Add(key);
            }
        }

        foreach (var key in keys)
        {
            if (!present.Contains(key))
            {
                present.Add(key);
            }
        }

        var contact = keys.Contains("em") || keys.Contains("ph");
        var browser = keys.Contains("client_ip_address") && keys.Contains("client_user_agent");
        var linking = keys.Contains("fbc") || keys.Contains("external_id") || keys.Contains("fbp") || browser;
        var rating = contact && linking ? MatchRating.Strong
            : contact || keys.Contains("fbc") || keys.Contains("external_id") || browser ? MatchRating.Fair
            : MatchRating.Weak;

        return new MatchQualityReport(present, missing, rating, Verdict(rating, missing));
    }

    private static string Verdict(MatchRating rating, List<string> missing)
    {
        var add = missing.Count == 0 ? string.Empty : " Add, most valuable first: " + Describe(missing) + ".";
        return rating switch
        {
            MatchRating.Strong => missing.Count == 0
                ? "Every strong identifier is present."
                : "Contact details plus a linking identifier." + add,
            MatchRating.Fair => "Meta can match some events like this." + add,
            _ => "Without email, phone, a click or customer ID, or the IP address with the user agent, most events like this will not match." + add,
        };
    }

    private static string Describe(List<string> keys)
    {
        var parts = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            foreach (var (strongKey, why) in StrongIdentifiers)
            {
                if (strongKey == key)
                {
                    parts.Add($"{key}: {why}");
                }
            }
        }

        return string.Join("; ", parts);
    }
}
