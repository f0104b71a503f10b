using Polly;

namespace MetaCapi.Graph;

/// <summary>
/// The state of one delivery, shared by the client, the resilience pipeline and the per-attempt handler through
/// <see cref="HttpRequestMessage.Options"/>: attempts made, the last answer (kept after the pipeline disposes it),
/// and why the pipeline stopped. Attempts run one after another, so no locking is needed.
/// </summary>
internal sealed class DeliveryTracker
{
    public static readonly HttpRequestOptionsKey<DeliveryTracker> Key = new("MetaCapi.Graph.DeliveryTracker");

    private int _attempts;

    public DeliveryTracker(string pixelId, int eventCount, long startTimestamp)
    {
        PixelId = pixelId;
        EventCount = eventCount;
        StartTimestamp = startTimestamp;
    }

    public string PixelId { get; }

    public int EventCount { get; }

    /// <summary>What a read request reads (<c>dataset quality</c>, <c>stats</c>), for logs; null for a delivery of events.</summary>
    public string? Operation { get; init; }

    /// <summary>When the delivery started, from the client's <see cref="TimeProvider"/>.</summary>
    public long StartTimestamp { get; }

    /// <summary>HTTP attempts started so far.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The last answer received (from any attempt), buffered.</summary>
    public ResponseSnapshot? LastResponse { get; private set; }

    /// <summary>What the last attempt ran into when it got no answer; null when it got one.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Meta's <c>error.code</c> in the last answer, for logs.</summary>
    public int? LastGraphCode { get; set; }

    /// <summary>The total timeout ended the delivery.</summary>
    public bool TotalTimeoutElapsed { get; set; }

    /// <summary>Set when a retryable answer was not retried because its <c>Retry-After</c> exceeded the time left.</summary>
    public (TimeSpan RetryAfter, TimeSpan Remaining)? RetryAfterBeyondBudget { get; set; }

    public static DeliveryTracker? From(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var tracker) ? tracker : null;

    public static DeliveryTracker? From(ResilienceContext context) => From(context.GetRequestMessage());

    public int StartAttempt()
    {
        LastFailure = null;
        return Interlocked.Increment(ref _attempts);
    }

    public void RecordResponse(ResponseSnapshot response)
    {
        LastResponse = response;
        LastFailure = null;
    }

    public void RecordFailure(string failure) => LastFailure = failure;
}
