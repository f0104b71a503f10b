using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaCapi.Mcp.Rendering;

/// <summary>The result of every tool (docs/architecture.md#results-and-rendering): <c>structuredContent</c>, and the text content with <c>response_format: json</c>.</summary>
public sealed record ToolResult
{
    /// <summary>Status values.</summary>
    public static class Statuses
    {
        /// <summary>Meta accepted the events.</summary>
        public const string Sent = "sent";

        /// <summary>Our validation refused the call; nothing was sent.</summary>
        public const string Rejected = "rejected";

        /// <summary>Meta or the network refused the call.</summary>
        public const string Failed = "failed";

        /// <summary>A dry run; nothing was sent.</summary>
        public const string Preview = "preview";
    }

    /// <summary>sent, rejected, failed or preview.</summary>
    [JsonPropertyName("status")]
    [Description("sent: Meta accepted it. rejected: our validation refused it and nothing was sent (see errors). failed: Meta or the network refused it (see meta_error and errors). preview: dry run, nothing was sent.")]
    public required string Status { get; init; }

    /// <summary>The pixel (dataset) ID.</summary>
    [JsonPropertyName("pixel_id")]
    [Description("The Meta Pixel (dataset) ID the events were for.")]
    public string? PixelId { get; init; }

    /// <summary>The event name (single-event tools).</summary>
    [JsonPropertyName("event_name")]
    [Description("The event name (single-event tools).")]
    public string? EventName { get; init; }

    /// <summary>The deduplication ID (single-event tools).</summary>
    [JsonPropertyName("event_id")]
    [Description("The deduplication ID sent (single-event tools).")]
    public string? EventId { get; init; }

    /// <summary>The test code the events were routed with, if any.</summary>
    [JsonPropertyName("test_event_code")]
    [Description("When set, the events went to Events Manager → Test Events with this code.")]
    public string? TestEventCode { get; init; }

    /// <summary>Meta's count of received events.</summary>
    [JsonPropertyName("events_received")]
    [Description("Meta's own count of events received; null when Meta did not report one.")]
    public int? EventsReceived { get; init; }

    /// <summary>Meta's messages.</summary>
    [JsonPropertyName("messages")]
    [Description("Meta's own messages about the request.")]
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>Meta's trace ID.</summary>
    [JsonPropertyName("fbtrace_id")]
    [Description("Meta's trace ID for support; null when Meta sent none.")]
    public string? FbtraceId { get; init; }

    /// <summary>HTTP attempts made.</summary>
    [JsonPropertyName("attempts")]
    [Description("HTTP attempts made (retries included); 0 when nothing was sent.")]
    public int Attempts { get; init; }

    /// <summary>user_data keys sent (never values).</summary>
    [JsonPropertyName("match_keys")]
    [Description("The user_data keys sent (for a batch: carried by at least one event). Never the values.")]
    public IReadOnlyList<string> MatchKeys { get; init; } = [];

    /// <summary>Warnings; the events were still sent.</summary>
    [JsonPropertyName("warnings")]
    [Description("Values dropped or rewritten and other things worth knowing; the events were still sent.")]
    public IReadOnlyList<ResultIssue> Warnings { get; init; } = [];

    /// <summary>Why the call was rejected or failed.</summary>
    [JsonPropertyName("errors")]
    [Description("Why the call was rejected (validation: nothing was sent) or failed without an answer from Meta (path \"delivery\").")]
    public IReadOnlyList<ResultIssue> Errors { get; init; } = [];

    /// <summary>Meta's error, when Meta refused the request.</summary>
    [JsonPropertyName("meta_error")]
    [Description("Meta's error object when Meta refused the request, with a plain-language hint.")]
    public MetaErrorResult? MetaError { get; init; }

    /// <summary>Batch only: event counts.</summary>
    [JsonPropertyName("events")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Batch only: how many events the call carried and how many carry each match key.")]
    public BatchSummary? Events { get; init; }

    /// <summary>Preview only: the exact body send would post, without the token and proof.</summary>
    [JsonPropertyName("payload")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Preview only: the exact JSON body the send tool would post, without access_token and appsecret_proof.")]
    public JsonElement? Payload { get; init; }

    /// <summary>Match-quality assessment.</summary>
    [JsonPropertyName("match_quality")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Which identifiers are present, which strong ones are missing (most valuable first), and a verdict.")]
    public MatchQualityResult? MatchQuality { get; init; }
}

/// <summary>One warning or error.</summary>
/// <param name="Path">The parameter it concerns.</param>
/// <param name="Message">What is wrong and what is accepted.</param>
public sealed record ResultIssue(
    [property: JsonPropertyName("path"), Description("The parameter concerned, e.g. user_data.ph or events[3].event_time.")] string Path,
    [property: JsonPropertyName("message"), Description("What is wrong and what is accepted.")] string Message);

/// <summary>Meta's error object (docs/architecture.md#results-and-rendering).</summary>
public sealed record MetaErrorResult
{
    /// <summary>Graph error code.</summary>
    [JsonPropertyName("code")]
    [Description("Graph API error code (e.g. 190, 100).")]
    public int? Code { get; init; }

    /// <summary>Graph error subcode.</summary>
    [JsonPropertyName("subcode")]
    [Description("Graph API error subcode (e.g. 463, 2804003).")]
    public int? Subcode { get; init; }

    /// <summary>Graph error type.</summary>
    [JsonPropertyName("type")]
    [Description("Graph API error type (e.g. OAuthException).")]
    public string? Type { get; init; }

    /// <summary>Meta's message.</summary>
    [JsonPropertyName("message")]
    [Description("Meta's message.")]
    public string? Message { get; init; }

    /// <summary>Meta's title for users.</summary>
    [JsonPropertyName("user_title")]
    [Description("Meta's error_user_title.")]
    public string? UserTitle { get; init; }

    /// <summary>Meta's message for users.</summary>
    [JsonPropertyName("user_msg")]
    [Description("Meta's error_user_msg.")]
    public string? UserMsg { get; init; }

    /// <summary>Meta's trace ID.</summary>
    [JsonPropertyName("fbtrace_id")]
    [Description("Meta's trace ID for support.")]
    public string? FbtraceId { get; init; }

    /// <summary>Whether trying again later may succeed.</summary>
    [JsonPropertyName("retryable")]
    [Description("Whether sending again later may succeed (rate limits, temporary errors).")]
    public bool Retryable { get; init; }

    /// <summary>What to do, in plain language.</summary>
    [JsonPropertyName("hint")]
    [Description("What the error means and what to do, in plain language.")]
    public string? Hint { get; init; }

    /// <summary>HTTP status of Meta's answer.</summary>
    [JsonPropertyName("http_status")]
    [Description("HTTP status of Meta's answer.")]
    public int? HttpStatus { get; init; }

    /// <summary>How long Meta asked to wait.</summary>
    [JsonPropertyName("retry_after_seconds")]
    [Description("How long Meta asked to wait before trying again (Retry-After), if it said.")]
    public double? RetryAfterSeconds { get; init; }
}

/// <summary>Batch counts.</summary>
public sealed record BatchSummary
{
    /// <summary>How many events the call carried.</summary>
    [JsonPropertyName("count")]
    [Description("How many events the call carried.")]
    public int Count { get; init; }

    /// <summary>For each match key, how many events carry it.</summary>
    [JsonPropertyName("match_key_coverage")]
    [Description("For each user_data key, how many events carry it.")]
    public IReadOnlyDictionary<string, int> MatchKeyCoverage { get; init; } = new Dictionary<string, int>();
}

/// <summary>Match-quality assessment (docs/architecture.md#match-quality).</summary>
public sealed record MatchQualityResult
{
    /// <summary>Identifiers present.</summary>
    [JsonPropertyName("present")]
    [Description("Identifiers present.")]
    public IReadOnlyList<string> Present { get; init; } = [];

    /// <summary>Strong identifiers missing, most valuable first.</summary>
    [JsonPropertyName("missing")]
    [Description("Strong identifiers missing, most valuable first (Meta's guidance).")]
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>A rating: strong, fair or weak.</summary>
    [JsonPropertyName("rating")]
    [Description("strong, fair or weak.")]
    public required string Rating { get; init; }

    /// <summary>A short verdict with what to add.</summary>
    [JsonPropertyName("verdict")]
    [Description("A short verdict with what to add.")]
    public required string Verdict { get; init; }
}
