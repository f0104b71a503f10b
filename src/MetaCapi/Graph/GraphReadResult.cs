using System.Text.Json.Serialization;

namespace MetaCapi.Graph;

/// <summary>Whether a read from the Graph API gave an answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReadStatus>))]
public enum ReadStatus
{
    /// <summary>Meta answered with the data (which may still be partial: see the warnings).</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Meta refused the read, or no answer came within the limits.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// What every read of the Graph API reports besides its data: the outcome, the HTTP attempts of all its requests,
/// Meta's error when it refused, and warnings (a field Meta did not know, a secondary request that failed). Values from
/// Meta are reported as sent; never contains the access token or the app secret.
/// </summary>
public abstract record GraphReadResult
{
    /// <summary>Ok, or failed (see <see cref="Error"/> and <see cref="TransportError"/>).</summary>
    [JsonPropertyName("status")]
    public required ReadStatus Status { get; init; }

    /// <summary>HTTP attempts made across every request of the read, retries included (0 if none started).</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>HTTP requests made (pages, per-event requests, a request asked again without a field); retries not counted.</summary>
    [JsonPropertyName("requests")]
    public int Requests { get; init; }

    /// <summary>HTTP status of the failing answer, when the read failed with one.</summary>
    [JsonPropertyName("http_status")]
    public int? HttpStatus { get; init; }

    /// <summary>Meta's error object when Meta refused the read, with a hint in <see cref="GraphError.Hint"/>.</summary>
    [JsonPropertyName("meta_error")]
    public GraphError? Error { get; init; }

    /// <summary>What went wrong without a Graph error: a timeout, a connection failure, a body that is not JSON.</summary>
    [JsonPropertyName("transport_error")]
    public string? TransportError { get; init; }

    /// <summary>Meta's <c>Retry-After</c> on the failing answer, if any.</summary>
    [JsonPropertyName("retry_after_seconds")]
    [JsonConverter(typeof(TimeSpanSecondsJsonConverter))]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Meta's <c>fbtrace_id</c> of the failing answer, from the error or the <c>x-fb-trace-id</c> header.</summary>
    [JsonPropertyName("fbtrace_id")]
    public string? FbtraceId { get; init; }

    /// <summary>
    /// Things worth knowing that did not stop the read: fields Meta refused and the read asked again without, secondary
    /// requests that failed, limits reached, why a retryable failure was not retried.
    /// </summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
