using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Quality;
using MetaCapi.Validation;

namespace MetaCapi.Graph;

/// <summary>The convenience level: events with raw customer data in, one <see cref="ConversionResult"/> out.</summary>
public sealed partial class ConversionsApiClient
{
    /// <summary>
    /// Validates <paramref name="conversionEvent"/>, normalizes and hashes its customer information, and sends it to the
    /// pixel's <c>/events</c> edge with retries as configured. When validation finds an error nothing is sent and the
    /// result is <see cref="ConversionStatus.Rejected"/>.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 digits, from Events Manager → Data sources.</param>
    /// <param name="conversionEvent">The event, with raw customer data.</param>
    /// <param name="cancellationToken">Stops the delivery; no attempt starts after it is cancelled.</param>
    /// <returns>Sent, rejected or failed, with every warning; Meta's refusals and network failures are results, not exceptions.</returns>
    /// <exception cref="InvalidOperationException">No access token is configured (<see cref="ConversionsApiOptions.AccessToken"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ConversionResult> SendAsync(string pixelId, ConversionEvent conversionEvent, CancellationToken cancellationToken = default) =>
        SendAsync(pixelId, conversionEvent, (EventRequestOptions?)null, cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync(string, ConversionEvent, CancellationToken)"/>, with per-call settings such as a
    /// <c>test_event_code</c>.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 digits.</param>
    /// <param name="conversionEvent">The event, with raw customer data.</param>
    /// <param name="options">Per-call settings; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the delivery; no attempt starts after it is cancelled.</param>
    /// <returns>Sent, rejected or failed, with every warning.</returns>
    /// <exception cref="InvalidOperationException">No access token is configured (<see cref="ConversionsApiOptions.AccessToken"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ConversionResult> SendAsync(
        string pixelId, ConversionEvent conversionEvent, EventRequestOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixelId);
        ArgumentNullException.ThrowIfNull(conversionEvent);
        RequireToken();
        return DeliverAsync(pixelId, Prepare(pixelId, conversionEvent, options), cancellationToken);
    }

    /// <summary>
    /// Validates, normalizes and sends 1 to 1000 events in one request. Meta rejects a whole request for one bad event,
    /// so every event is checked first: if any has an error, nothing is sent, and each problem is reported under
    /// <c>events[i]</c>.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 digits.</param>
    /// <param name="events">1 to 1000 events, with raw customer data.</param>
    /// <param name="cancellationToken">Stops the delivery; no attempt starts after it is cancelled.</param>
    /// <returns>Sent, rejected or failed, with every warning under <c>events[i]</c>.</returns>
    /// <exception cref="InvalidOperationException">No access token is configured (<see cref="ConversionsApiOptions.AccessToken"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ConversionResult> SendAsync(string pixelId, IReadOnlyList<ConversionEvent> events, CancellationToken cancellationToken = default) =>
        SendAsync(pixelId, events, (EventRequestOptions?)null, cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync(string, IReadOnlyList{ConversionEvent}, CancellationToken)"/>, with per-call settings
    /// such as a <c>test_event_code</c>.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 digits.</param>
    /// <param name="events">1 to 1000 events, with raw customer data.</param>
    /// <param name="options">Per-call settings; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the delivery; no attempt starts after it is cancelled.</param>
    /// <returns>Sent, rejected or failed, with every warning under <c>events[i]</c>.</returns>
    /// <exception cref="InvalidOperationException">No access token is configured (<see cref="ConversionsApiOptions.AccessToken"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ConversionResult> SendAsync(
        string pixelId, IReadOnlyList<ConversionEvent> events, EventRequestOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixelId);
        ArgumentNullException.ThrowIfNull(events);
        RequireToken();
        return DeliverAsync(pixelId, Prepare(pixelId, events, options), cancellationToken);
    }

    /// <summary>
    /// A dry run of <see cref="SendAsync(string, ConversionEvent, CancellationToken)"/>: the same validation,
    /// normalization and hashing, and the exact request a send would post (<see cref="ConversionResult.RequestJson"/>,
    /// without the access token), with a match-quality assessment. Nothing is sent and no token is needed.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID, checked as a send checks it; <see langword="null"/> to skip the check.</param>
    /// <param name="conversionEvent">The event, with raw customer data.</param>
    /// <param name="options">Per-call settings; <see langword="null"/> for none.</param>
    /// <returns><see cref="ConversionStatus.Preview"/>, or <see cref="ConversionStatus.Rejected"/> when a send would be rejected.</returns>
    public ConversionResult Preview(string? pixelId, ConversionEvent conversionEvent, EventRequestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(conversionEvent);
        return Prepare(pixelId, conversionEvent, options).Result(ConversionStatus.Preview);
    }

    /// <summary>
    /// A dry run of <see cref="SendAsync(string, IReadOnlyList{ConversionEvent}, CancellationToken)"/>: every event
    /// validated, normalized and hashed, and the exact request a send would post. Nothing is sent and no token is needed.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID, checked as a send checks it; <see langword="null"/> to skip the check.</param>
    /// <param name="events">1 to 1000 events, with raw customer data.</param>
    /// <param name="options">Per-call settings; <see langword="null"/> for none.</param>
    /// <returns><see cref="ConversionStatus.Preview"/>, or <see cref="ConversionStatus.Rejected"/> when a send would be rejected.</returns>
    public ConversionResult Preview(string? pixelId, IReadOnlyList<ConversionEvent> events, EventRequestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Prepare(pixelId, events, options).Result(ConversionStatus.Preview);
    }

    private Prepared Prepare(string? pixelId, ConversionEvent conversionEvent, EventRequestOptions? options)
    {
        var diagnostics = new Diagnostics();
        CheckPixelId(pixelId, diagnostics);

        // The event's own collector: the preparer refuses an event when its collector holds any error, pixel_id's included.
        var eventDiagnostics = new Diagnostics();
        var prepared = _preparer.Prepare(conversionEvent.ToInput(), eventDiagnostics);
        diagnostics.AddRange(eventDiagnostics);
        return new Prepared(
            diagnostics,
            prepared is null ? [] : [prepared],
            1,
            options?.TestEventCode ?? _options.TestEventCode,
            prepared is null ? null : MatchQuality.Assess(prepared.UserData.PresentKeys()),
            prepared is null ? [0] : []);
    }

    private Prepared Prepare(string? pixelId, IReadOnlyList<ConversionEvent> events, EventRequestOptions? options)
    {
        var diagnostics = new Diagnostics();
        CheckPixelId(pixelId, diagnostics);
        if (events.Count is 0 or > EventRequest.MaxEvents)
        {
            diagnostics.Error("events",
                $"events must hold 1 to {EventRequest.MaxEvents} events (Meta's limit per request); got {events.Count}. Split larger sets into several requests.");
            return new Prepared(diagnostics, [], events.Count, null, null, []);
        }

        var inputs = new EventInput[events.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (events[i] ?? throw new ArgumentException($"events[{i}] is null.", nameof(events))).ToInput();
        }

        var prepared = _preparer.PrepareBatch(inputs, diagnostics);
        var sendable = new List<ServerEvent>(prepared.Length);
        var keysPerEvent = new List<IReadOnlyCollection<string>>(prepared.Length);
        var invalid = new List<int>();
        for (var i = 0; i < prepared.Length; i++)
        {
            if (prepared[i] is { } item)
            {
                sendable.Add(item);
                keysPerEvent.Add(item.UserData.PresentKeys());
            }
            else
            {
                invalid.Add(i);
            }
        }

        return new Prepared(
            diagnostics,
            sendable,
            events.Count,
            options?.TestEventCode ?? _options.TestEventCode,
            MatchQuality.AssessBatch(keysPerEvent),
            invalid);
    }

    private static void CheckPixelId(string? pixelId, Diagnostics diagnostics)
    {
        if (pixelId is not null)
        {
            EventValidator.ValidatePixelId(pixelId, diagnostics);
        }
    }

    private async Task<ConversionResult> DeliverAsync(string pixelId, Prepared prepared, CancellationToken cancellationToken)
    {
        if (prepared.Diagnostics.HasErrors)
        {
            GraphLog.Rejected(_logger, prepared.Diagnostics.HasErrorAt("pixel_id") ? null : pixelId, prepared.EventCount,
                prepared.Diagnostics.ErrorCount);
            return prepared.Result(ConversionStatus.Rejected);
        }

        var delivery = await SendAsync(pixelId, prepared.Request, cancellationToken).ConfigureAwait(false);
        return prepared.Result(delivery.Status == DeliveryStatus.Sent ? ConversionStatus.Sent : ConversionStatus.Failed, delivery);
    }

    private void RequireToken()
    {
        if (string.IsNullOrWhiteSpace(_options.AccessToken))
        {
            throw new InvalidOperationException(MissingTokenMessage);
        }
    }

    /// <summary>Events through the pipeline, before delivery.</summary>
    private sealed record Prepared(
        Diagnostics Diagnostics,
        IReadOnlyList<ServerEvent> Events,
        int EventCount,
        string? TestEventCode,
        MatchQualityReport? Quality,
        IReadOnlyList<int> InvalidEvents)
    {
        public EventRequest Request { get; } = new() { Data = Events, TestEventCode = TestEventCode };

        public ConversionResult Result(ConversionStatus status, DeliveryResult? delivery = null) =>
            Diagnostics.HasErrors
                ? new ConversionResult(ConversionStatus.Rejected, Diagnostics, EventCount, invalidEvents: InvalidEvents)
                : new ConversionResult(status, Diagnostics, EventCount, Request, delivery, Quality);
    }
}
