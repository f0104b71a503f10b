using System.Text.Json.Serialization;

namespace MetaCapi.Graph;

/// <summary>Whether Meta accepted a request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    /// <summary>Meta answered with HTTP 2xx: the events were accepted (not necessarily matched).</summary>
    [JsonStringEnumMemberName("sent")]
    Sent,

    /// <summary>Meta refused the request, or no answer came within the limits (see the result's details).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// What happened to one <c>POST /{version}/{pixel_id}/events</c>, retries included. Every value from Meta is
/// reported as Meta sent it (nothing is invented); what went wrong without a Graph error is in
/// <see cref="TransportError"/>. Never contains the access token or the app secret.
/// </summary>
public sealed record DeliveryResult
{
    /// <summary>Sent (HTTP 2xx) or failed.</summary>
    [JsonPropertyName("status")]
    public required DeliveryStatus Status { get; init; }

    /// <summary>HTTP attempts actually made, the first one included (0 if none started).</summary>
    [JsonPropertyName("attempts")]
    public required int Attempts { get; init; }

    /// <summary>
    /// HTTP status of the last response received, if any. When the last attempt got no answer (a timeout, a
    /// connection failure) this is the answer of an earlier attempt.
    /// </summary>
    [JsonPropertyName("http_status")]
    public int? HttpStatus { get; init; }

    /// <summary>Meta's <c>events_received</c>; null if Meta did not send it.</summary>
    [JsonPropertyName("events_received")]
    public int? EventsReceived { get; init; }

    /// <summary>Meta's <c>messages</c> (items that are not strings as raw JSON text).</summary>
    [JsonPropertyName("messages")]
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>Meta's <c>fbtrace_id</c>, from the success body, the error, or the <c>x-fb-trace-id</c> header.</summary>
    [JsonPropertyName("fbtrace_id")]
    public string? FbtraceId { get; init; }

    /// <summary>Meta's error object, when Meta answered with one.</summary>
    [JsonPropertyName("meta_error")]
    public GraphError? Error { get; init; }

    /// <summary>
    /// What went wrong without a Graph error: a timeout, a connection failure, an error body that is not a Graph
    /// error (described by content type and size, never quoted).
    /// </summary>
    [JsonPropertyName("transport_error")]
    public string? TransportError { get; init; }

    /// <summary>Meta's <c>Retry-After</c> on the last response, if any (an HTTP date is turned into a wait from then).</summary>
    [JsonPropertyName("retry_after_seconds")]
    [JsonConverter(typeof(TimeSpanSecondsJsonConverter))]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Something worth knowing about the answer that does not change the status, e.g. "HTTP 200 but the body was
    /// not the expected JSON", or why a retryable failure was not retried.
    /// </summary>
    [JsonPropertyName("response_note")]
    public string? ResponseNote { get; init; }
}

/// <summary>
/// Meta's Graph API error object (<c>{"error": {...}}</c>), with the retry decision and a plain-language hint for
/// known codes. <see cref="Message"/>, <see cref="UserTitle"/> and <see cref="UserMessage"/> are Meta's own text.
/// </summary>
public sealed record GraphError
{
    /// <summary><c>error.code</c>, e.g. 190 (access token), 100 (invalid parameter), 613 (rate limit).</summary>
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    /// <summary><c>error.error_subcode</c>, e.g. 463 (token expired), 2804003 (event too old).</summary>
    [JsonPropertyName("subcode")]
    public int? Subcode { get; init; }

    /// <summary><c>error.type</c>, e.g. <c>OAuthException</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary><c>error.message</c>.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary><c>error.error_user_title</c>.</summary>
    [JsonPropertyName("user_title")]
    public string? UserTitle { get; init; }

    /// <summary><c>error.error_user_msg</c>; for parameter errors it often names the field.</summary>
    [JsonPropertyName("user_msg")]
    public string? UserMessage { get; init; }

    /// <summary><c>error.fbtrace_id</c>, the ID Meta support asks for.</summary>
    [JsonPropertyName("fbtrace_id")]
    public string? FbtraceId { get; init; }

    /// <summary><c>error.is_transient</c>, as Meta sent it.</summary>
    [JsonPropertyName("is_transient")]
    public bool? IsTransient { get; init; }

    /// <summary>Whether this error may succeed later (docs/architecture.md#retries).</summary>
    [JsonPropertyName("retryable")]
    public bool Retryable { get; init; }

    /// <summary>What to do about it, in plain language, for known codes (docs/architecture.md#retries).</summary>
    [JsonPropertyName("hint")]
    public string? Hint { get; init; }
}
