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

    /// <summary>Assesses the keys of one event.</summary>
    public static MatchQualityReport Assess(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rating = Rate(keys);
        var (present, missing) = Rank(keys, _ => true);
        return new MatchQualityReport(present, missing, rating, Verdict(rating, missing));
    }

    /// <summary>
    /// Assesses a batch event by event: the rating is the median event's, <c>present</c> lists the keys some event
    /// carries, <c>missing</c> the strong ones not every event carries (most valuable first), and the verdict says how
    /// many events got each rating and on how many events each strong key is missing.
    /// </summary>
    public static MatchQualityReport AssessBatch(IReadOnlyList<IReadOnlyCollection<string>> keysPerEvent)
    {
        ArgumentNullException.ThrowIfNull(keysPerEvent);
        if (keysPerEvent.Count == 0)
        {
            return Assess([]);
        }

        var ratings = new MatchRating[keysPerEvent.Count];
        var carried = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keysPerEvent.Count; i++)
        {
            ratings[i] = Rate(keysPerEvent[i]);
            foreach (var key in keysPerEvent[i])
            {
                carried[key] = carried.GetValueOrDefault(key) + 1;
            }
        }

        Array.Sort(ratings);
        var rating = ratings[ratings.Length / 2];
        var count = keysPerEvent.Count;
        var (present, missing) = Rank(carried.Keys, key => carried.GetValueOrDefault(key) == count);
        var perRating = $"Per event: {Count(ratings, MatchRating.Strong)} strong, {Count(ratings, MatchRating.Fair)} fair, {Count(ratings, MatchRating.Weak)} weak.";
        var add = new List<string>(missing.Count);
        foreach (var key in missing)
        {
            add.Add($"{key} (missing on {count - carried.GetValueOrDefault(key)} of {count})");
        }

        var verdict = add.Count == 0
            ? $"{perRating} Every event carries every strong identifier."
            : $"{perRating} Add, most valuable first: {string.Join("; ", add)}.";
        return new MatchQualityReport(present, missing, rating, verdict);
    }

    private static MatchRating Rate(IReadOnlyCollection<string> keys)
    {
        var contact = keys.Contains("em") || keys.Contains("ph");
        var browser = keys.Contains("client_ip_address") && keys.Contains("client_user_agent");
        var linking = keys.Contains("fbc") || keys.Contains("external_id") || keys.Contains("fbp") || browser;
        return contact && linking ? MatchRating.Strong
            : contact || keys.Contains("fbc") || keys.Contains("external_id") || browser ? MatchRating.Fair
            : MatchRating.Weak;
    }

    /// <summary>
    /// The keys present (strong first, in rank order, then supporting, then the rest) and the strong keys missing;
    /// <paramref name="complete"/> says whether a present key counts as carried (a batch: by every event).
    /// </summary>
    private static (List<string> Present, List<string> Missing) Rank(IReadOnlyCollection<string> keys, Func<string, bool> complete)
    {

        var present = new List<string>();
        var missing = new List<string>();
        foreach (var (key, _) in StrongIdentifiers)
        {
            if (keys.Contains(key))
            {
                present.Add(key);
            }

            if (!keys.Contains(key) || !complete(key))
            {
                missing.Add(key);
            }
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

        return (present, missing);
    }

    private static int Count(MatchRating[] ratings, MatchRating rating)
    {
        var count = 0;
        foreach (var item in ratings)
        {
            if (item == rating)
            {
                count++;
            }
        }

        return count;
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
