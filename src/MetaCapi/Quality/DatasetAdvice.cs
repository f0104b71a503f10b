using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using MetaCapi.Events;
using MetaCapi.Graph;

namespace MetaCapi.Quality;

/// <summary>One fix for what Meta's Dataset Quality API reported, naming the send tools' parameter that makes it.</summary>
public sealed record QualityAdvice
{
    /// <summary>The parameter of the send tools that fixes it (<c>user_data.ph</c>, <c>event_id</c>, <c>event_name</c>…); null when none does.</summary>
    [JsonPropertyName("parameter")]
    [Description("The parameter of the send tools that fixes it (user_data.ph, event_id, event_name, event_time, …); null when no parameter does.")]
    public string? Parameter { get; init; }

    /// <summary>The events it concerns.</summary>
    [JsonPropertyName("events")]
    [Description("The event names it concerns.")]
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>What to do and why, with Meta's numbers.</summary>
    [JsonPropertyName("message")]
    [Description("What to do and why, with Meta's numbers.")]
    public required string Message { get; init; }

    /// <summary>Meta's estimate of additional conversions reported by the fix (similar advertisers' median), when Meta gave one.</summary>
    [JsonPropertyName("meta_estimate_percent")]
    [Description("Meta's own estimate of additional conversions reported by this fix (similar advertisers' median), when Meta gave one.")]
    public double? MetaEstimatePercent { get; init; }
}

/// <summary>
/// Turns Meta's Dataset Quality metrics into fixes, most valuable first: those Meta puts a number on (its estimate of
/// additional conversions reported), highest first; then deduplication (<c>event_id</c>), the strong match keys in
/// Meta's ranking, event coverage, Meta's diagnostics by share affected, data freshness, and the other match keys. The
/// same fix for several events is one piece of advice. Only Meta's numbers are quoted; nothing is estimated here.
/// </summary>
public static class DatasetAdvice
{
    /// <summary>A key or deduplication share below this is reported as low (percent).</summary>
    public const double LowCoveragePercent = 90;

    /// <summary>The event coverage goal when Meta gives none (its examples use 75).</summary>
    public const double DefaultCoverageGoalPercent = 75;

    private const int DedupRank = 0;
    private const int StrongKeyRank = 100;
    private const int CoverageRank = 200;
    private const int DiagnosticRank = 300;
    private const int FreshnessRank = 400;
    private const int OtherKeyRank = 500;

    private const string CarriedBy = "Share of events carrying it";
    private const string MetaSaw = "Meta saw";

    private static readonly (string Key, string Hint)[] KeyHints =
    [
        ("em", "Pass user_data.em: the customer's email, raw (it is normalized and hashed here)."),
        ("ph", "Pass user_data.ph with the country (user_data.country, or META_DEFAULT_COUNTRY) so it becomes E.164."),
        ("fbc", "Pass user_data.fbc from the _fbc cookie, or event_source_url with the ad click's fbclid (made into fbc here)."),
        ("external_id", "Pass user_data.external_id: your customer ID, the same one the Pixel sends."),
        ("client_ip_address", "Pass user_data.client_ip_address: the customer's IP address from their request (IPv6 when there is one)."),
        ("client_user_agent", "Pass user_data.client_user_agent: the customer's browser User-Agent from their request."),
        ("fbp", "Pass user_data.fbp from the _fbp cookie."),
    ];

    // What a diagnostic is about, from Meta's own words, most specific first.
    private static readonly (string Word, string Parameter)[] DiagnosticWords =
    [
        ("client_ip_address", "user_data.client_ip_address"), ("ip address", "user_data.client_ip_address"),
        ("ipv4", "user_data.client_ip_address"), ("ipv6", "user_data.client_ip_address"),
        ("client_user_agent", "user_data.client_user_agent"), ("user agent", "user_data.client_user_agent"),
        ("fbclid", "user_data.fbc"), ("click id", "user_data.fbc"), ("fbc", "user_data.fbc"),
        ("browser id", "user_data.fbp"), ("fbp", "user_data.fbp"),
        ("external_id", "user_data.external_id"), ("external id", "user_data.external_id"),
        ("event_id", "event_id"), ("event id", "event_id"), ("deduplicat", "event_id"),
        ("email", "user_data.em"), ("phone", "user_data.ph"),
        ("event_time", "event_time"), ("timestamp", "event_time"),
        ("currency", "custom_data.currency"), ("event_source_url", "event_source_url"),
    ];

    /// <summary>The advice for <paramref name="events"/>, most valuable first.</summary>
    public static IReadOnlyList<QualityAdvice> For(IReadOnlyList<EventQuality> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var found = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var quality in events)
        {
            if (quality is not { Source: EventQuality.Sources.Web, EventName: { Length: > 0 } name })
            {
                continue;
            }

            MatchKeys(found, quality, name);
            Dedup(found, quality, name);
            Coverage(found, quality, name);
            Diagnostics(found, quality, name);
            Freshness(found, quality, name);
        }

        return
        [
            .. found.Values
                .OrderBy(finding => finding.Estimate is null)
                .ThenByDescending(finding => finding.Estimate ?? 0)
                .ThenBy(finding => finding.Rank)
                .ThenBy(finding => finding.Order)
                .Select(finding => finding.ToAdvice()),
        ];
    }

    private static void MatchKeys(Dictionary<string, Finding> found, EventQuality quality, string name)
    {
        if (quality.MatchKeys.Count == 0)
        {
            return;
        }

        // The strong keys: low or not seen at all.
        for (var rank = 0; rank < KeyHints.Length; rank++)
        {
            var (key, hint) = KeyHints[rank];
            var feedback = quality.MatchKeys.FirstOrDefault(k => k.Key == key);
            var coverage = feedback is null ? 0 : feedback.CoveragePercent;
            if (coverage is { } c && c < LowCoveragePercent)
            {
                Add(found, $"key:{key}", StrongKeyRank + rank, $"user_data.{key}", hint, CarriedBy, name,
                    feedback is null ? $"{name} not seen" : $"{name} {Percent(c)}", feedback?.PotentialAcrPercent);
            }
        }

        // Any other key Meta puts a number on.
        foreach (var feedback in quality.MatchKeys)
        {
            if (Array.Exists(KeyHints, hint => hint.Key == feedback.Key)
                || feedback is not { PotentialAcrPercent: > 0, CoveragePercent: < LowCoveragePercent }
                || !UserDataKeys.IsKnown(feedback.Key))
            {
                continue;
            }

            Add(found, $"key:{feedback.Key}", OtherKeyRank, $"user_data.{feedback.Key}", $"Pass user_data.{feedback.Key}.", CarriedBy, name,
                $"{name} {Percent(feedback.CoveragePercent)}", feedback.PotentialAcrPercent);
        }
    }

    private static void Dedup(Dictionary<string, Finding> found, EventQuality quality, string name)
    {
        if (quality.Dedup.Count == 0)
        {
            return;
        }

        var eventId = quality.Dedup.FirstOrDefault(d => d.Key is "event_id" or "eventID");
        string? gap = eventId switch
        {
            null => $"{name} without event_id",
            { ServerPercent: < LowCoveragePercent } or { BrowserPercent: < LowCoveragePercent } =>
                $"{name} with event_id on {Percent(eventId.ServerPercent)} of server and {Percent(eventId.BrowserPercent)} of browser events",
            _ => null,
        };
        if (gap is not null)
        {
            Add(found, "dedup", DedupRank, "event_id",
                "Give event_id equal to the browser Pixel's eventID for the same action (e.g. the order number), on every server " +
                "event and in the Pixel (fbq('track', name, data, {eventID})), so Meta counts each action once.",
                MetaSaw, name, gap, null);
        }
    }

    private static void Coverage(Dictionary<string, Finding> found, EventQuality quality, string name)
    {
        var goal = quality.EventCoverageGoalPercent ?? DefaultCoverageGoalPercent;
        string? gap = quality switch
        {
            { EventCoveragePercent: { } coverage } when coverage < goal => $"{name} with event coverage {Percent(coverage)} (Meta's goal {Percent(goal)})",
            { EventCoveragePercent: null, Emq: null, MatchKeys.Count: 0, PotentialAcrPercent: > 0 } => $"{name} not received from a server",
            _ => null,
        };
        if (gap is not null)
        {
            Add(found, "coverage", CoverageRank, "event_name",
                "Send every one of these events from the server as well as from the Pixel (meta_send_conversion_event with this " +
                "event_name and event_id equal to the Pixel's eventID): event coverage counts the Pixel events that also arrive from " +
                "the server with a shared key.",
                MetaSaw, name, gap, quality.EventCoveragePotentialAcrPercent ?? quality.PotentialAcrPercent);
        }
    }

    private static void Diagnostics(Dictionary<string, Finding> found, EventQuality quality, string name)
    {
        foreach (var diagnostic in quality.Diagnostics)
        {
            if (diagnostic.Name is not { Length: > 0 } title)
            {
                continue;
            }

            var affected = diagnostic.AffectedPercent is { } share ? $"{Percent(share)} of {name}" : name;
            var solution = diagnostic.Solution ?? diagnostic.Description ?? string.Empty;

            // Rank within diagnostics by the share affected, largest first.
            var rank = DiagnosticRank + (int)Math.Clamp(100 - (diagnostic.AffectedPercent ?? 0), 0, 99);
            Add(found, $"diagnostic:{title}", rank, ParameterOf(title, diagnostic.Description, diagnostic.Solution),
                $"{title}: {solution}".TrimEnd(' ', ':'), "Affected", name, affected, null);
        }
    }

    private static void Freshness(Dictionary<string, Finding> found, EventQuality quality, string name)
    {
        if (quality.UploadFrequency is { Length: > 0 } frequency && !frequency.Equals("real_time", StringComparison.OrdinalIgnoreCase))
        {
            Add(found, "freshness", FreshnessRank, "event_time",
                "Send these events as they happen (Meta recommends real time, at least within the hour), with event_time = when " +
                "the action happened.",
                "Meta receives them", name, $"{name} {frequency.Replace('_', ' ')}", null);
        }
    }

    private static string? ParameterOf(params string?[] texts)
    {
        foreach (var (word, parameter) in DiagnosticWords)
        {
            if (texts.Any(text => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true))
            {
                return parameter;
            }
        }

        return null;
    }

    private static void Add(
        Dictionary<string, Finding> found,
        string id,
        int rank,
        string? parameter,
        string hint,
        string factsIntro,
        string eventName,
        string fact,
        double? estimate)
    {
        if (!found.TryGetValue(id, out var finding))
        {
            found[id] = finding = new Finding(rank, found.Count, parameter, hint, factsIntro);
        }

        finding.Add(eventName, fact, estimate);
    }

    private static string Percent(double? value) =>
        value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "an unknown share";

    /// <summary>One fix being gathered across events.</summary>
    private sealed class Finding(int rank, int order, string? parameter, string hint, string factsIntro)
    {
        private readonly List<string> _events = [];
        private readonly List<string> _facts = [];

        public int Rank => rank;

        public int Order => order;

        public double? Estimate { get; private set; }

        public void Add(string eventName, string fact, double? estimate)
        {
            if (!_events.Contains(eventName))
            {
                _events.Add(eventName);
            }

            _facts.Add(fact);
            if (estimate is { } e && (Estimate is null || e > Estimate))
            {
                Estimate = e;
            }
        }

        public QualityAdvice ToAdvice()
        {
            var message = $"{hint} {factsIntro}: {string.Join("; ", _facts)}.";
            if (Estimate is { } estimate)
            {
                message += $" Meta's estimate: similar advertisers saw a median of {Percent(estimate)} more conversions reported.";
            }

            return new QualityAdvice { Parameter = parameter, Events = _events, Message = message, MetaEstimatePercent = Estimate };
        }
    }
}
