using System.ComponentModel;
using System.Text.Json.Serialization;
using MetaCapi.Graph;
using MetaCapi.Quality;

namespace MetaCapi.Mcp.Rendering;

/// <summary>Status values of the read tools.</summary>
public static class ReadStatuses
{
    /// <summary>Meta answered.</summary>
    public const string Ok = "ok";

    /// <summary>Our validation refused the call; nothing was asked.</summary>
    public const string Rejected = "rejected";

    /// <summary>Meta or the network refused the read.</summary>
    public const string Failed = "failed";
}

/// <summary>The result of <c>meta_get_dataset_quality</c>: Meta's quality metrics per event, and what to fix first.</summary>
public sealed record DatasetQualityToolResult
{
    /// <summary>ok, rejected or failed.</summary>
    [JsonPropertyName("status")]
    [Description("ok: Meta answered. rejected: our validation refused the call and nothing was asked (see errors). failed: Meta or the network refused the read (see meta_error and errors).")]
    public required string Status { get; init; }

    /// <summary>The pixel (dataset) ID.</summary>
    [JsonPropertyName("pixel_id")]
    [Description("The Meta Pixel (dataset) ID read.")]
    public string? PixelId { get; init; }

    /// <summary>The agent_name filter, if given.</summary>
    [JsonPropertyName("agent_name")]
    [Description("The agent_name filter sent, if any.")]
    public string? AgentName { get; init; }

    /// <summary>Meta's metrics per event name.</summary>
    [JsonPropertyName("events")]
    [Description("Meta's metrics per event name (web events, then offline events). A value Meta did not return is null: nothing is estimated here.")]
    public IReadOnlyList<EventQuality> Events { get; init; } = [];

    /// <summary>Fixes, most valuable first, each naming the send tools' parameter.</summary>
    [JsonPropertyName("advice")]
    [Description("What to fix, most valuable first, each naming the parameter of the send tools that fixes it (user_data.ph, event_id, …).")]
    public IReadOnlyList<QualityAdvice> Advice { get; init; } = [];

    /// <summary>HTTP attempts made.</summary>
    [JsonPropertyName("attempts")]
    [Description("HTTP attempts made (retries and requests asked again included); 0 when nothing was asked.")]
    public int Attempts { get; init; }

    /// <summary>Meta's trace ID of a failure.</summary>
    [JsonPropertyName("fbtrace_id")]
    [Description("Meta's trace ID of a refused read, for support; null otherwise.")]
    public string? FbtraceId { get; init; }

    /// <summary>Things worth knowing.</summary>
    [JsonPropertyName("warnings")]
    [Description("Things worth knowing: fields Meta did not know (asked again without them), and the like.")]
    public IReadOnlyList<ResultIssue> Warnings { get; init; } = [];

    /// <summary>Why the call was rejected or failed.</summary>
    [JsonPropertyName("errors")]
    [Description("Why the call was rejected (nothing was asked) or failed without an answer from Meta (path \"read\").")]
    public IReadOnlyList<ResultIssue> Errors { get; init; } = [];

    /// <summary>Meta's error, when Meta refused.</summary>
    [JsonPropertyName("meta_error")]
    [Description("Meta's error object when Meta refused the read, with a plain-language hint (which token can read).")]
    public MetaErrorResult? MetaError { get; init; }
}

/// <summary>The result of <c>meta_get_event_stats</c>: what Meta counted over a window, per event and source.</summary>
public sealed record EventStatsToolResult
{
    /// <summary>ok, rejected or failed.</summary>
    [JsonPropertyName("status")]
    [Description("ok: Meta answered. rejected: our validation refused the call and nothing was asked (see errors). failed: Meta or the network refused the read (see meta_error and errors).")]
    public required string Status { get; init; }

    /// <summary>The pixel (dataset) ID.</summary>
    [JsonPropertyName("pixel_id")]
    [Description("The Meta Pixel (dataset) ID read.")]
    public string? PixelId { get; init; }

    /// <summary>The window read.</summary>
    [JsonPropertyName("window")]
    [Description("The window read (start inclusive, end exclusive), in UTC.")]
    public StatsWindow? Window { get; init; }

    /// <summary>Per event, largest first.</summary>
    [JsonPropertyName("events")]
    [Description("Per event name, largest total first: Meta's counts summed over every hourly bucket of the window.")]
    public IReadOnlyList<EventSourceCounts> Events { get; init; } = [];

    /// <summary>Per match key.</summary>
    [JsonPropertyName("match_keys")]
    [Description("Per match key, how many events carried it in the window, most first.")]
    public IReadOnlyList<MatchKeyCount> MatchKeys { get; init; } = [];

    /// <summary>The pixel-wide split by source.</summary>
    [JsonPropertyName("sources")]
    [Description("The pixel-wide split by source (SERVER, BROWSER, …), most first.")]
    public IReadOnlyList<SourceCount> Sources { get; init; } = [];

    /// <summary>HTTP attempts made.</summary>
    [JsonPropertyName("attempts")]
    [Description("HTTP attempts made over every page and aggregation (retries included); 0 when nothing was asked.")]
    public int Attempts { get; init; }

    /// <summary>Meta's trace ID of a failure.</summary>
    [JsonPropertyName("fbtrace_id")]
    [Description("Meta's trace ID of a refused read, for support; null otherwise.")]
    public string? FbtraceId { get; init; }

    /// <summary>Things worth knowing, e.g. an event that arrives only from the browser.</summary>
    [JsonPropertyName("warnings")]
    [Description("Things worth knowing: events that arrive only from the browser or only from the server, parts Meta did not answer.")]
    public IReadOnlyList<ResultIssue> Warnings { get; init; } = [];

    /// <summary>Why the call was rejected or failed.</summary>
    [JsonPropertyName("errors")]
    [Description("Why the call was rejected (nothing was asked) or failed without an answer from Meta (path \"read\").")]
    public IReadOnlyList<ResultIssue> Errors { get; init; } = [];

    /// <summary>Meta's error, when Meta refused.</summary>
    [JsonPropertyName("meta_error")]
    [Description("Meta's error object when Meta refused the read, with a plain-language hint (which token can read).")]
    public MetaErrorResult? MetaError { get; init; }
}

/// <summary>A window of time, in UTC (ISO 8601).</summary>
/// <param name="Since">Start, inclusive.</param>
/// <param name="Until">End, exclusive.</param>
public sealed record StatsWindow(
    [property: JsonPropertyName("since"), Description("Start of the window, ISO 8601 UTC (sent to Meta as start_time).")] string Since,
    [property: JsonPropertyName("until"), Description("End of the window, ISO 8601 UTC (sent to Meta as end_time).")] string Until);
