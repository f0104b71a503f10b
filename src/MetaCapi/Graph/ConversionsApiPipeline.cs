using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MetaCapi.Graph;

/// <summary>
/// The resilience pipeline of <see cref="ConversionsApiClient"/>, outermost first: the total timeout
/// (<see cref="ConversionsApiOptions.TotalTimeout"/>), the retry (<see cref="ConversionsApiOptions.MaxAttempts"/>
/// − 1 retries, exponential jittered backoff from <see cref="ConversionsApiOptions.RetryBaseDelay"/>,
/// <c>Retry-After</c> honoured), the per-attempt timeout (<see cref="ConversionsApiOptions.AttemptTimeout"/>).
/// Below it, <see cref="AttemptHandler"/> counts attempts and buffers each answer inside the attempt's time.
/// </summary>
internal static class ConversionsApiPipeline
{
    public const string Name = "meta-capi";

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        ConversionsApiOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        builder.TimeProvider = timeProvider;

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "total-timeout",
            Timeout = options.TotalTimeout,
            OnTimeout = args =>
            {
                if (DeliveryTracker.From(args.Context) is { } tracker)
                {
                    tracker.TotalTimeoutElapsed = true;
                }

                return default;
            },
        });

        // Polly rejects a retry strategy with no retries, so one attempt means no retry strategy at all.
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ShouldRetryAsync(args, options, timeProvider),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result is { } response
                        ? ResponseSnapshot.RetryAfterOf(response, timeProvider.GetUtcNow())
                        : null),
                OnRetry = args =>
                {
                    LogRetry(logger, args, options);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "attempt-timeout",
            Timeout = options.AttemptTimeout,
            OnTimeout = args =>
            {
                DeliveryTracker.From(args.Context)?.RecordFailure(
                    $"no answer within the attempt timeout of {OptionRules.Seconds(options.AttemptTimeout)} s " +
                    $"({ConversionsApiSettings.HttpTimeoutSeconds})");
                return default;
            },
        });
    }

    /// <summary>
    /// The retry predicate: <see cref="RetryClassifier"/> on the exception, or on the HTTP status and the Graph error
    /// in the body the attempt handler buffered (none when the body was too large or unreadable: the status decides);
    /// and no retry when <c>Retry-After</c> asks for a longer wait than the total timeout leaves.
    /// </summary>
    private static async ValueTask<bool> ShouldRetryAsync(
        RetryPredicateArguments<HttpResponseMessage> args,
        ConversionsApiOptions options,
        TimeProvider timeProvider)
    {
        if (args.Outcome.Exception is { } exception)
        {
            return RetryClassifier.ShouldRetry(exception);
        }

        if (args.Outcome.Result is not { } response)
        {
            return false;
        }

        var tracker = DeliveryTracker.From(args.Context);
        var body = tracker?.LastResponse is { } snapshot
            ? snapshot.Body
            : await response.Content.ReadAsByteArrayAsync(args.Context.CancellationToken).ConfigureAwait(false);
        var error = GraphResponseReader.Read(body).Error;
        if (tracker is not null)
        {
            tracker.LastGraphCode = error?.Code;
        }

        if (!RetryClassifier.ShouldRetry((int)response.StatusCode, error?.Code, error?.IsTransient))
        {
            return false;
        }

        var isLastAttempt = args.AttemptNumber >= options.MaxAttempts - 1;
        if (!isLastAttempt
            && tracker is not null
            && ResponseSnapshot.RetryAfterOf(response, timeProvider.GetUtcNow()) is { } retryAfter)
        {
            var remaining = options.TotalTimeout - timeProvider.GetElapsedTime(tracker.StartTimestamp);
            if (retryAfter > remaining)
            {
                tracker.RetryAfterBeyondBudget = (retryAfter, remaining);
                return false;
            }
        }

        return true;
    }

    private static void LogRetry(ILogger logger, OnRetryArguments<HttpResponseMessage> args, ConversionsApiOptions options)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var tracker = DeliveryTracker.From(args.Context);
        var outcome = args.Outcome.Exception is { } exception
            ? DeliveryResultFactory.Describe(exception)
            : tracker?.LastGraphCode is { } code
                ? $"HTTP {(int)args.Outcome.Result!.StatusCode}, Graph code {code}"
                : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
        GraphLog.Retrying(
            logger,
            args.AttemptNumber + 1,
            options.MaxAttempts,
            tracker?.PixelId,
            outcome,
            (long)args.RetryDelay.TotalMilliseconds);
    }
}
