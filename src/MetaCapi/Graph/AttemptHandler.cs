using Microsoft.Extensions.Logging;

namespace MetaCapi.Graph;

/// <summary>
/// Runs once per attempt, inside the resilience pipeline: counts the attempt, and buffers the answer's body while
/// the attempt's timeout still applies (a body that stalls is a timed-out attempt, not a hang after the pipeline).
/// An answer whose body is too large or unreadable is still recorded as an answer with its HTTP status (see
/// <see cref="ResponseSnapshot.BodyProblem"/>), so the retry rule judges it by its status, never as a network error.
/// Logs keys and counts only.
/// </summary>
internal sealed class AttemptHandler(TimeProvider timeProvider, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tracker = DeliveryTracker.From(request);
        var attempt = tracker?.StartAttempt() ?? 0;
        if (tracker?.Operation is { } operation)
        {
            GraphLog.ReadAttemptStarted(logger, attempt, operation, tracker.PixelId);
        }
        else
        {
            GraphLog.AttemptStarted(logger, attempt, tracker?.EventCount, tracker?.PixelId);
        }

        var started = timeProvider.GetTimestamp();

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Fail(tracker, attempt, exception);
            RecordDuration(started, "error.type", exception.GetType().Name);
            throw;
        }

        try
        {
            var snapshot = await ResponseSnapshot.CaptureAsync(response, timeProvider.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
            tracker?.RecordResponse(snapshot);
        }
        catch (Exception exception)
        {
            response.Dispose();
            if (exception is not OperationCanceledException)
            {
                Fail(tracker, attempt, exception);
                RecordDuration(started, "error.type", exception.GetType().Name);
            }

            throw;
        }

        GraphLog.AttemptAnswered(logger, attempt, tracker?.PixelId, (int)response.StatusCode);
        RecordDuration(started, "http.response.status_code", (int)response.StatusCode);
        return response;
    }

    private void RecordDuration(long started, string tag, object value)
    {
        if (ConversionsApiMetrics.GraphRequestDuration.Enabled)
        {
            ConversionsApiMetrics.GraphRequestDuration.Record(
                timeProvider.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(tag, value));
        }
    }

    private void Fail(DeliveryTracker? tracker, int attempt, Exception exception)
    {
        var failure = DeliveryResultFactory.Describe(exception);
        tracker?.RecordFailure(failure);
        GraphLog.AttemptFailed(logger, attempt, tracker?.PixelId, failure);
    }
}
