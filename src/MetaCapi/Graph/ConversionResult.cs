using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Json;
using MetaCapi.Quality;
using MetaCapi.Validation;

namespace MetaCapi.Graph;

/// <summary>What became of a send or a preview (see <see cref="ConversionResult.Status"/>).</summary>
public enum ConversionStatus
{
    /// <summary>Meta accepted the request (HTTP 2xx); <see cref="ConversionResult.Delivery"/> holds its answer.</summary>
    Sent,

    /// <summary>
    /// Validation refused the events: <see cref="ConversionResult.Errors"/> lists every problem at its path and
    /// nothing was sent. Fix the events; sending them again as they are gives the same result.
    /// </summary>
    Rejected,

    /// <summary>
    /// Meta refused the request, or no usable answer came within the configured timeouts and attempts:
    /// <see cref="ConversionResult.Delivery"/> says what happened (Meta's error with a hint, or a transport error).
    /// </summary>
    Failed,

    /// <summary>A dry run: <see cref="ConversionResult.RequestJson"/> is the body a send would post; nothing was sent.</summary>
    Preview,
}

/// <summary>
/// The one result of <see cref="ConversionsApiClient.SendAsync(string, ConversionEvent, CancellationToken)"/>,
/// <see cref="ConversionsApiClient.Preview(string, ConversionEvent, Graph.EventRequestOptions)"/> and their batch forms:
/// the status, every validation problem (errors and warnings, each at its path, never with a customer value), the
/// request built, Meta's answer, and a match-quality assessment. Meta's refusals and network failures are results,
/// not exceptions; call <see cref="EnsureSent"/> to turn anything but <see cref="ConversionStatus.Sent"/> into a
/// <see cref="ConversionsApiException"/>.
/// </summary>
public sealed class ConversionResult
{
    private readonly Lazy<string?> _requestJson;

    internal ConversionResult(
        ConversionStatus status,
        Diagnostics diagnostics,
        int eventCount,
        EventRequest? request = null,
        DeliveryResult? delivery = null,
        MatchQualityReport? matchQuality = null,
        IReadOnlyList<int>? invalidEvents = null)
    {
        Status = status;
        InvalidEvents = invalidEvents ?? [];
        Diagnostics = [.. diagnostics.All];
        Errors = [.. diagnostics.Errors];
        Warnings = [.. diagnostics.Warnings];
        EventCount = eventCount;
        Request = request;
        Delivery = delivery;
        MatchQuality = matchQuality;
        _requestJson = new Lazy<string?>(() => request is null
            ? null
            : JsonSerializer.Serialize(request, MetaCapiJsonContext.Default.EventRequest));
    }

    /// <summary>Sent, rejected, failed, or preview.</summary>
    public ConversionStatus Status { get; }

    /// <summary>Whether Meta accepted the request (<see cref="ConversionStatus.Sent"/>).</summary>
    public bool IsSent => Status == ConversionStatus.Sent;

    /// <summary>How many events the call was given.</summary>
    public int EventCount { get; }

    /// <summary>
    /// The indexes (in the list given) of the events that have an error, in order; empty when none has. In a batch, one
    /// such event rejects the whole request (Meta would refuse it whole): leave these out and send the others again.
    /// </summary>
    public IReadOnlyList<int> InvalidEvents { get; }

    /// <summary>
    /// Every problem found, in the order found: errors (nothing was sent) and warnings (a value was dropped, rewritten
    /// or is worth knowing about; the event was sent). Paths use Meta's field names (<c>user_data.ph[1]</c>), under
    /// <c>events[i]</c> for the i-th event of a batch.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The errors of <see cref="Diagnostics"/>; any error means nothing was sent.</summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    /// <summary>The warnings of <see cref="Diagnostics"/>.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    /// <summary>
    /// The request posted (or, for a preview, the one that would be), with customer data normalized and hashed and
    /// without <c>access_token</c> and <c>appsecret_proof</c>, which the client adds only on the wire.
    /// <see langword="null"/> when the events were rejected.
    /// </summary>
    public EventRequest? Request { get; }

    /// <summary><see cref="Request"/> as the JSON body Meta receives (without the token and the proof).</summary>
    public string? RequestJson => _requestJson.Value;

    /// <summary>
    /// Meta's answer when a request was posted (<see cref="ConversionStatus.Sent"/> or <see cref="ConversionStatus.Failed"/>):
    /// <c>events_received</c>, <c>fbtrace_id</c>, Meta's error with its retry decision and hint, attempts made.
    /// </summary>
    public DeliveryResult? Delivery { get; }

    /// <summary>
    /// Which identifiers the events carry and which strong ones are missing, judged from the keys sent (never their
    /// values); <see langword="null"/> when the events were rejected.
    /// </summary>
    public MatchQualityReport? MatchQuality { get; }

    /// <summary>Returns this result when it is <see cref="ConversionStatus.Sent"/>; otherwise throws.</summary>
    /// <exception cref="ConversionsApiException">
    /// The events were rejected, Meta refused them, or the delivery failed; the exception carries this result.
    /// A preview throws too: it sent nothing.
    /// </exception>
    public ConversionResult EnsureSent() => IsSent ? this : throw new ConversionsApiException(this);

    /// <summary>The status and the counts, never a customer value.</summary>
    public override string ToString() =>
        $"{Status}: {EventCount} event(s), {Errors.Count} error(s), {Warnings.Count} warning(s)" +
        (Delivery is { } delivery
            ? $", HTTP {delivery.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, " +
              $"events_received {delivery.EventsReceived?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}"
            : string.Empty);
}

/// <summary>Per-call settings of a send or a preview.</summary>
public sealed class EventRequestOptions
{
    /// <summary>
    /// The <c>test_event_code</c> from Events Manager → Test Events: the events appear there (they still count for
    /// measurement: remove the code in production). Without it, <see cref="ConversionsApiOptions.TestEventCode"/> applies.
    /// </summary>
    public string? TestEventCode { get; set; }
}
