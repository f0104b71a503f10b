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
/// Ranks identifiers by Meta's guidance (docs/architecture.md#match-quality): <c>em</c>, <c>ph</c>, <c>fbc</c>,
/// <c>external_id</c>, <c>client_ip_address</c> + <c>client_user_agent</c>, <c>fbp</c>, then names, location
/// and birth date. It judges which keys are present, never their values; Meta's own Event Match Quality score
/// in Events Manager is the final word.
/// </summary>
internal static class MatchQuality
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
        var tally = new MatchQualityTally();
        foreach (var keys in keysPerEvent)
        {
            tally.Add(keys);
        }

        return tally.Report();
    }

    /// <summary>The batch assessment from the counts a <see cref="MatchQualityTally"/> kept.</summary>
    internal static MatchQualityReport AssessCounts(int count, int[] perRating, IReadOnlyDictionary<string, int> carried)
    {
        if (count == 0)
        {
            return Assess([]);
        }

        // The median event's rating: ratings sorted weak < fair < strong, the one at index count / 2.
        var median = count / 2;
        var rating = median < perRating[(int)MatchRating.Weak] ? MatchRating.Weak
            : median < perRating[(int)MatchRating.Weak] + perRating[(int)MatchRating.Fair] ? MatchRating.Fair
            : MatchRating.Strong;
        var keys = carried.Keys.ToList();
        var (present, missing) = Rank(keys, key => carried.GetValueOrDefault(key) == count);
        var perRatingText = $"Per event: {perRating[(int)MatchRating.Strong]} strong, {perRating[(int)MatchRating.Fair]} fair, {perRating[(int)MatchRating.Weak]} weak.";
        var add = new List<string>(missing.Count);
        foreach (var key in missing)
        {
            add.Add($"{key} (missing on {count - carried.GetValueOrDefault(key)} of {count})");
        }

        var verdict = add.Count == 0
            ? $"{perRatingText} Every event carries every strong identifier."
            : $"{perRatingText} Add, most valuable first: {string.Join("; ", add)}.";
        return new MatchQualityReport(present, missing, rating, verdict);
    }

    internal static MatchRating Rate(IReadOnlyCollection<string> keys)
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

/// <summary>
/// The batch assessment of <see cref="MatchQuality.AssessBatch"/> kept as counts, so a file of any size is assessed in
/// constant memory: add each event's keys, then ask for the report and the coverage of each key.
/// </summary>
internal sealed class MatchQualityTally
{
    private readonly int[] _perRating = new int[3];
    private readonly Dictionary<string, int> _carried = new(StringComparer.Ordinal);

    /// <summary>How many events were added.</summary>
    public int Count { get; private set; }

    /// <summary>For each key, how many events carry it.</summary>
    public IReadOnlyDictionary<string, int> Carried => _carried;

    /// <summary>Adds one event's user_data keys.</summary>
    public void Add(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Count++;
        _perRating[(int)MatchQuality.Rate(keys)]++;
        foreach (var key in keys)
        {
            _carried[key] = _carried.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The assessment of the events added so far, as <see cref="MatchQuality.AssessBatch"/> gives it.</summary>
    public MatchQualityReport Report() => MatchQuality.AssessCounts(Count, _perRating, _carried);
}
