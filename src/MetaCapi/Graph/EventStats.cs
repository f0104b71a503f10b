using System.ComponentModel;
using System.Text.Json.Serialization;

namespace MetaCapi.Graph;

/// <summary>
/// What Meta counted for a pixel over a window, from <c>GET /{pixel_id}/stats</c>: Meta's hourly buckets of every page,
/// summed per event, split by where the events came from, and how many carried each match key. Counts are Meta's own
/// sums; see <c>docs/graph-reads.md</c>.
/// </summary>
public sealed record EventStatsResult : GraphReadResult
{
    /// <summary>The pixel (dataset) ID read.</summary>
    [JsonPropertyName("pixel_id")]
    public required string PixelId { get; init; }

    /// <summary>Start of the window (sent as <c>start_time</c>).</summary>
    [JsonPropertyName("since")]
    public DateTimeOffset Since { get; init; }

    /// <summary>End of the window (sent as <c>end_time</c>).</summary>
    [JsonPropertyName("until")]
    public DateTimeOffset Until { get; init; }

    /// <summary>Per event name, largest total first.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<EventSourceCounts> Events { get; init; } = [];

    /// <summary>Per match key, how many events carried it (<c>aggregation=match_keys</c>), most first.</summary>
    [JsonPropertyName("match_keys")]
    public IReadOnlyList<MatchKeyCount> MatchKeys { get; init; } = [];

    /// <summary>The pixel-wide split by source (<c>aggregation=event_source</c> without an event), most first.</summary>
    [JsonPropertyName("sources")]
    public IReadOnlyList<SourceCount> Sources { get; init; } = [];
}

/// <summary>One event's counts over the window.</summary>
public sealed record EventSourceCounts
{
    /// <summary>The event name, as Meta wrote it.</summary>
    [JsonPropertyName("event_name")]
    [Description("The event name, as Meta wrote it.")]
    public required string EventName { get; init; }

    /// <summary>Events Meta counted (<c>aggregation=event</c>), every hourly bucket summed.</summary>
    [JsonPropertyName("total")]
    [Description("Events Meta counted in the window (aggregation=event, every hourly bucket summed).")]
    public long Total { get; init; }

    /// <summary>Of those, from the Conversions API (source SERVER); null when Meta gave no split for this event.</summary>
    [JsonPropertyName("server")]
    [Description("Received from a server (the Conversions API); null when the split is not known for this event.")]
    public long? Server { get; init; }

    /// <summary>From the browser Pixel (source BROWSER); null when Meta gave no split.</summary>
    [JsonPropertyName("browser")]
    [Description("Received from the browser Pixel; null when the split is not known for this event.")]
    public long? Browser { get; init; }

    /// <summary>From any other source Meta named (app, offline, …); null when Meta gave no split.</summary>
    [JsonPropertyName("other")]
    [Description("Received from any other source Meta named (app, offline, …); null when the split is not known.")]
    public long? Other { get; init; }

    /// <summary>The server's share of the split (server / (server + browser + other)), in percent; null without a split.</summary>
    [JsonPropertyName("server_share_percent")]
    [Description("The server's share of the split, server / (server + browser + other), in percent; null without a split.")]
    public double? ServerSharePercent =>
        Server is { } server && Browser is { } browser && Other is { } other && server + browser + other > 0
            ? Math.Round(100.0 * server / (server + browser + other), 1)
            : null;

    /// <summary>Per match key, how many of this event's instances carried it, when Meta broke the keys down by event.</summary>
    [JsonPropertyName("match_keys")]
    [Description("Per match key, how many of this event's instances carried it (when Meta breaks the keys down by event), most first.")]
    public IReadOnlyList<MatchKeyCount> MatchKeys { get; init; } = [];
}

/// <summary>How many events carried one match key over the window.</summary>
public sealed record MatchKeyCount
{
    /// <summary>The <c>user_data</c> key of the send tools, or Meta's value when it has none.</summary>
    [JsonPropertyName("key")]
    [Description("The user_data key of the send tools (em, ph, …); Meta's value when there is no such key.")]
    public required string Key { get; init; }

    /// <summary>Meta's value in the stats (<c>email</c>, <c>em</c>, <c>zip</c>…).</summary>
    [JsonPropertyName("identifier")]
    [Description("Meta's own name of the key in the stats (email, em, zip, …).")]
    public required string Identifier { get; init; }

    /// <summary>Events that carried the key, every hourly bucket summed.</summary>
    [JsonPropertyName("count")]
    [Description("Events that carried the key in the window, every hourly bucket summed.")]
    public long Count { get; init; }
}

/// <summary>How many events came from one source over the window.</summary>
public sealed record SourceCount
{
    /// <summary>Meta's value (<c>SERVER</c>, <c>BROWSER</c>, …).</summary>
    [JsonPropertyName("source")]
    [Description("Meta's name of the source (SERVER, BROWSER, …).")]
    public required string Source { get; init; }

    /// <summary>server, browser or other.</summary>
    [JsonPropertyName("kind")]
    [Description("server, browser or other.")]
    public required string Kind { get; init; }

    /// <summary>Events from this source, every hourly bucket summed.</summary>
    [JsonPropertyName("count")]
    [Description("Events from this source in the window, every hourly bucket summed.")]
    public long Count { get; init; }
}
