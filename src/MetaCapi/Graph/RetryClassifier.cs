using System.Net.Sockets;
using Polly.Timeout;

namespace MetaCapi.Graph;

/// <summary>
/// The one place that decides what may succeed later (docs/architecture.md#retries). The resilience
/// pipeline asks it after every attempt; <see cref="GraphError.Retryable"/> reports its answer.
/// </summary>
/// <remarks>
/// Order of the rules: a 2xx answer is never retried; a Graph code on the never-retry list (validation, auth,
/// permission, policy: 100, 102, 190, 10, 200–299, 368, 803) is never retried, whatever <c>is_transient</c> or the
/// HTTP status say; then <c>is_transient: true</c> or a known transient code (1, 2, 4, 17, 32, 341, 613,
/// 80000–80014, 21009) is retried; an unknown Graph code is retried only on HTTP 429 or 5xx; an answer without a
/// Graph error is retried on HTTP 408, 429 or 5xx.
/// </remarks>
internal static class RetryClassifier
{
    /// <summary>Whether an HTTP answer may succeed if sent again.</summary>
    /// <param name="httpStatus">The HTTP status code.</param>
    /// <param name="graphCode">Meta's <c>error.code</c>, or null when the body carried no Graph error.</param>
    /// <param name="isTransient">Meta's <c>error.is_transient</c>, if sent.</param>
    public static bool ShouldRetry(int httpStatus, int? graphCode, bool? isTransient)
    {
        if (httpStatus is >= 200 and < 300)
        {
            return false;
        }

        if (graphCode is { } code)
        {
            if (IsNeverRetriedCode(code))
            {
                return false;
            }

            if (isTransient == true || IsTransientCode(code))
            {
                return true;
            }

            return httpStatus == 429 || IsServerError(httpStatus);
        }

        if (isTransient == true)
        {
            return true;
        }

        return httpStatus is 408 or 429 || IsServerError(httpStatus);
    }

    /// <summary>
    /// Whether an attempt that ended in <paramref name="exception"/> may succeed if made again: network failures
    /// (<see cref="HttpRequestException"/>, a reset connection) and attempt timeouts
    /// (<see cref="TimeoutRejectedException"/>) yes; cancellation and anything else no.
    /// </summary>
    public static bool ShouldRetry(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            OperationCanceledException => false,
            TimeoutRejectedException => true,
            HttpRequestException => true,
            IOException => true,
            SocketException => true,
            _ => false,
        };
    }

    /// <summary>Graph codes that are never retried: the request cannot succeed as it is (100, 102, 190, 10, 200–299, 368, 803).</summary>
    public static bool IsNeverRetriedCode(int graphCode) =>
        graphCode is 100 or 102 or 190 or 10 or (>= 200 and <= 299) or 368 or 803;

    /// <summary>Graph codes of temporary problems and rate limits (1, 2, 4, 17, 32, 341, 613, 80000–80014, 21009).</summary>
    public static bool IsTransientCode(int graphCode) =>
        graphCode is 1 or 2 or 4 or 17 or 32 or 341 or 613 or (>= 80000 and <= 80014) or 21009;

    /// <summary>Graph codes of rate limits (4, 17, 32, 341, 613, 80000–80014).</summary>
    public static bool IsRateLimitCode(int graphCode) =>
        graphCode is 4 or 17 or 32 or 341 or 613 or (>= 80000 and <= 80014);

    private static bool IsServerError(int httpStatus) => httpStatus is >= 500 and < 600;
}
