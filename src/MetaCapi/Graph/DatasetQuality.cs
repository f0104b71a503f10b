using System.ComponentModel;
using System.Text.Json.Serialization;
using MetaCapi.Quality;

namespace MetaCapi.Graph;

/// <summary>
/// What Meta's Dataset Quality API said about a pixel (dataset), per event name. Every value is Meta's own; a value Meta
/// did not return is null (never guessed). See <c>docs/graph-reads.md</c> for the fields and their sources.
/// </summary>
public sealed record DatasetQualityResult : GraphReadResult
{
    /// <summary>The pixel (dataset) ID read.</summary>
    [JsonPropertyName("pixel_id")]
    public required string PixelId { get; init; }

    /// <summary>The <c>agent_name</c> filter sent, if any.</summary>
    [JsonPropertyName("agent_name")]
    public string? AgentName { get; init; }

    /// <summary>One entry per event name and source (web, then offline), in Meta's order.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<EventQuality> Events { get; init; } = [];

    /// <summary>The fields Meta refused as nonexisting, which the read asked again without (or with the other spelling).</summary>
    [JsonPropertyName("fields_dropped")]
    public IReadOnlyList<string> FieldsDropped { get; init; } = [];
}

/// <summary>Meta's quality metrics of one event name.</summary>
public sealed record EventQuality
{
    /// <summary>Where the metrics come from: <c>web</c> (Conversions API and Pixel) or <c>offline</c>.</summary>
    public static class Sources
    {
        /// <summary>Website events (<c>web</c> in Meta's answer).</summary>
        public const string Web = "web";

        /// <summary>Offline events (<c>offline</c> in Meta's answer; beta).</summary>
        public const string Offline = "offline";
    }

    /// <summary>The event name, as Meta wrote it.</summary>
    [JsonPropertyName("event_name")]
    [Description("The event name, as Meta wrote it.")]
    public string? EventName { get; init; }

    /// <summary>web or offline.</summary>
    [JsonPropertyName("source")]
    [Description("web (website events: Pixel and Conversions API) or offline (offline events, Meta's beta).")]
    public required string Source { get; init; }

    /// <summary>Event Match Quality, 0–10 (<c>event_match_quality.composite_score</c>); web events only.</summary>
    [JsonPropertyName("emq")]
    [Description("Meta's Event Match Quality score, 0 to 10 (web events only); null when Meta did not return one.")]
    public double? Emq { get; init; }

    /// <summary>The band of <see cref="Emq"/> on Meta's scale (poor, ok, good, great); null without a score.</summary>
    [JsonPropertyName("emq_rating")]
    [Description("The band of emq on Meta's scale: poor (below 4), ok (4 to 6), good (6 to 8), great (8 and more). Meta's target is 6 or more.")]
    public string? EmqRating => EventMatchQualityScale.Rate(Emq);

    /// <summary>Per match key: the share of events carrying it, and Meta's estimate of what sending it would add.</summary>
    [JsonPropertyName("match_keys")]
    [Description("Per match key (user_data key), the share of this event's instances that carried it, as Meta measured it.")]
    public IReadOnlyList<MatchKeyQuality> MatchKeys { get; init; } = [];

    /// <summary>Issues Meta found (<c>event_match_quality.diagnostics</c>), with Meta's description and solution.</summary>
    [JsonPropertyName("diagnostics")]
    [Description("Issues Meta found with this event, with Meta's own description, solution and the share of events affected.")]
    public IReadOnlyList<QualityDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Event coverage: 7-day share of Pixel events also received from the Conversions API with a shared dedup key.</summary>
    [JsonPropertyName("event_coverage_percent")]
    [Description("Meta's event coverage: the 7-day share of Pixel (browser) events also received from the server with a shared deduplication key.")]
    public double? EventCoveragePercent { get; init; }

    /// <summary>The event coverage Meta sets as the goal (75 in Meta's examples).</summary>
    [JsonPropertyName("event_coverage_goal_percent")]
    [Description("The event coverage Meta sets as the goal.")]
    public double? EventCoverageGoalPercent { get; init; }

    /// <summary>Meta's estimate of additional conversions reported if coverage and deduplication met best practice.</summary>
    [JsonPropertyName("event_coverage_potential_acr_percent")]
    [Description("Meta's estimate (similar advertisers' median) of additional conversions reported if event coverage and deduplication met best practice.")]
    public double? EventCoveragePotentialAcrPercent { get; init; }

    /// <summary>Per deduplication key (<c>event_id</c>, <c>external_id</c>, <c>fbp</c>): how many events carry it and how many are deduplicated by it.</summary>
    [JsonPropertyName("dedup")]
    [Description("Per deduplication key (event_id, external_id, fbp): the share of browser and server events carrying it, and the share of browser events deduplicated through it.")]
    public IReadOnlyList<DedupKeyQuality> Dedup { get; init; } = [];

    /// <summary>How often instances of this event arrive from the Conversions API (<c>real_time</c>, <c>hourly</c>, <c>daily</c>, …).</summary>
    [JsonPropertyName("upload_frequency")]
    [Description("How often this event arrives from the server, in Meta's words: real_time, hourly, daily, …")]
    public string? UploadFrequency { get; init; }

    /// <summary>Additional conversions reported thanks to the Conversions API over the last 7 days (<c>acr.percentage</c>).</summary>
    [JsonPropertyName("acr_percent")]
    [Description("Additional conversions reported: how many more conversions Meta reported over the last 7 days thanks to the server events.")]
    public double? AcrPercent { get; init; }

    /// <summary>Meta's sentence about <see cref="AcrPercent"/>.</summary>
    [JsonPropertyName("acr_description")]
    [Description("Meta's own sentence about acr_percent.")]
    public string? AcrDescription { get; init; }

    /// <summary>For an event not yet sent from a server: what similar advertisers gained by doing so (<c>event_potential_aly_acr_increase</c>).</summary>
    [JsonPropertyName("potential_acr_percent")]
    [Description("Meta's estimate (similar advertisers' median) of additional conversions reported by sending this event from the server.")]
    public double? PotentialAcrPercent { get; init; }

    /// <summary>Meta's sentence about <see cref="PotentialAcrPercent"/>.</summary>
    [JsonPropertyName("potential_acr_description")]
    [Description("Meta's own sentence about potential_acr_percent.")]
    public string? PotentialAcrDescription { get; init; }

    /// <summary>Offline events: Meta's scores (composite, match_key, frequency, freshness), each 0–10 with a recommendation.</summary>
    [JsonPropertyName("scores")]
    [Description("Offline events only: Meta's data quality scores (composite, match_key, frequency, freshness), each 0 to 10 with Meta's recommendation.")]
    public IReadOnlyList<QualityScore> Scores { get; init; } = [];
}

/// <summary>Meta's feedback on one match key of an event.</summary>
public sealed record MatchKeyQuality
{
    /// <summary>The <c>user_data</c> key of the send tools (<c>em</c>, <c>ph</c>, <c>client_ip_address</c>…), or Meta's identifier when it has none.</summary>
    [JsonPropertyName("key")]
    [Description("The user_data key of the send tools (em, ph, client_ip_address, …); Meta's identifier when there is no such key.")]
    public required string Key { get; init; }

    /// <summary>Meta's identifier (<c>email</c>, <c>ip_address</c>, <c>user_agent</c>…).</summary>
    [JsonPropertyName("identifier")]
    [Description("Meta's own name of the key (email, phone, ip_address, user_agent, …).")]
    public required string Identifier { get; init; }

    /// <summary>The share of the event's instances that carried the key.</summary>
    [JsonPropertyName("coverage_percent")]
    [Description("The share of this event's instances that carried the key, as Meta measured it.")]
    public double? CoveragePercent { get; init; }

    /// <summary>Meta's estimate of additional conversions reported if the key were sent (<c>potential_aly_acr_increase</c>).</summary>
    [JsonPropertyName("potential_acr_percent")]
    [Description("Meta's estimate (similar advertisers' median) of additional conversions reported by sending this key validly.")]
    public double? PotentialAcrPercent { get; init; }
}

/// <summary>One issue Meta found with an event (an EMQ diagnostic).</summary>
public sealed record QualityDiagnostic
{
    /// <summary>Meta's title of the issue.</summary>
    [JsonPropertyName("name")]
    [Description("Meta's title of the issue.")]
    public string? Name { get; init; }

    /// <summary>Meta's description.</summary>
    [JsonPropertyName("description")]
    [Description("Meta's description of the issue.")]
    public string? Description { get; init; }

    /// <summary>Meta's solution.</summary>
    [JsonPropertyName("solution")]
    [Description("Meta's recommended solution.")]
    public string? Solution { get; init; }

    /// <summary>The share of the event's instances affected.</summary>
    [JsonPropertyName("affected_percent")]
    [Description("The share of this event's instances affected.")]
    public double? AffectedPercent { get; init; }

    /// <summary>How many instances are affected.</summary>
    [JsonPropertyName("affected_event_count")]
    [Description("How many instances are affected.")]
    public long? AffectedEventCount { get; init; }

    /// <summary>How many instances Meta looked at.</summary>
    [JsonPropertyName("total_event_count")]
    [Description("How many instances Meta looked at.")]
    public long? TotalEventCount { get; init; }
}

/// <summary>Meta's feedback on one deduplication key of an event.</summary>
public sealed record DedupKeyQuality
{
    /// <summary>The key: <c>event_id</c>, <c>external_id</c>, <c>fbp</c>…</summary>
    [JsonPropertyName("key")]
    [Description("The deduplication key: event_id, external_id, fbp, …")]
    public required string Key { get; init; }

    /// <summary>The share of browser (Pixel) events carrying the key.</summary>
    [JsonPropertyName("browser_percent")]
    [Description("The share of browser (Pixel) events carrying the key.")]
    public double? BrowserPercent { get; init; }

    /// <summary>The share of server (Conversions API) events carrying the key.</summary>
    [JsonPropertyName("server_percent")]
    [Description("The share of server (Conversions API) events carrying the key.")]
    public double? ServerPercent { get; init; }

    /// <summary>The share of browser events deduplicated with server events through this key (incremental per key).</summary>
    [JsonPropertyName("deduplicated_browser_percent")]
    [Description("The share of browser events deduplicated with server events through this key (incremental per key, in Meta's order).")]
    public double? DeduplicatedBrowserPercent { get; init; }
}

/// <summary>One of Meta's offline data quality scores.</summary>
public sealed record QualityScore
{
    /// <summary>composite, match_key, frequency or freshness.</summary>
    [JsonPropertyName("name")]
    [Description("composite, match_key, frequency or freshness.")]
    public required string Name { get; init; }

    /// <summary>The score, 0–10.</summary>
    [JsonPropertyName("score")]
    [Description("The score, 0 to 10.")]
    public double? Score { get; init; }

    /// <summary>Meta's recommendation.</summary>
    [JsonPropertyName("recommendation")]
    [Description("Meta's recommendation.")]
    public string? Recommendation { get; init; }
}
