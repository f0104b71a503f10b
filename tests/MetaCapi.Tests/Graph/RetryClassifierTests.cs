using System.Net.Sockets;
using MetaCapi.Graph;
using Polly.Timeout;

namespace MetaCapi.Tests.Graph;

public sealed class RetryClassifierTests
{
    [Theory]
    // Success is never retried.
    [InlineData(200, null, null, false)]
    [InlineData(204, 2, true, false)]
    // No Graph error: 408, 429 and 5xx only.
    [InlineData(408, null, null, true)]
    [InlineData(429, null, null, true)]
    [InlineData(500, null, null, true)]
    [InlineData(502, null, null, true)]
    [InlineData(503, null, null, true)]
    [InlineData(504, null, null, true)]
    [InlineData(400, null, null, false)]
    [InlineData(401, null, null, false)]
    [InlineData(403, null, null, false)]
    [InlineData(404, null, null, false)]
    [InlineData(302, null, null, false)]
    [InlineData(400, null, true, true)]
    // Transient Graph codes, whatever the status.
    [InlineData(400, 1, null, true)]
    [InlineData(500, 2, null, true)]
    [InlineData(400, 4, null, true)]
    [InlineData(400, 17, null, true)]
    [InlineData(400, 32, null, true)]
    [InlineData(400, 341, null, true)]
    [InlineData(400, 613, null, true)]
    [InlineData(400, 613, false, true)]
    [InlineData(400, 80000, null, true)]
    [InlineData(400, 80004, null, true)]
    [InlineData(400, 80014, null, true)]
    [InlineData(400, 21009, null, true)]
    [InlineData(400, 80015, null, false)]
    // is_transient: true makes an unknown code retryable.
    [InlineData(400, 12345, true, true)]
    // Never retried: this list wins over is_transient and over 5xx.
    [InlineData(400, 100, null, false)]
    [InlineData(400, 100, true, false)]
    [InlineData(500, 100, true, false)]
    [InlineData(400, 102, null, false)]
    [InlineData(401, 190, null, false)]
    [InlineData(503, 190, true, false)]
    [InlineData(403, 10, null, false)]
    [InlineData(403, 200, null, false)]
    [InlineData(403, 250, true, false)]
    [InlineData(403, 299, null, false)]
    [InlineData(400, 368, null, false)]
    [InlineData(404, 803, null, false)]
    [InlineData(502, 803, null, false)]
    // Unknown Graph code: only 429 and 5xx.
    [InlineData(400, 5000, null, false)]
    [InlineData(408, 5000, null, false)]
    [InlineData(429, 5000, null, true)]
    [InlineData(500, 5000, null, true)]
    [InlineData(500, -2, false, true)]
    [InlineData(400, 3, null, false)]
    public void Http_answers_are_classified_by_status_code_and_transience(int status, int? code, bool? isTransient, bool retry) =>
        Assert.Equal(retry, RetryClassifier.ShouldRetry(status, code, isTransient));

    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused), null), true },
        { new HttpRequestException(HttpRequestError.ConnectionError), true },
        { new IOException("connection reset"), true },
        { new SocketException((int)SocketError.ConnectionReset), true },
        { new TimeoutRejectedException(), true },
        { new OperationCanceledException(), false },
        { new TaskCanceledException(), false },
        { new InvalidOperationException(), false },
        { new FormatException(), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Network_failures_and_attempt_timeouts_are_retried_cancellation_is_not(Exception exception, bool retry) =>
        Assert.Equal(retry, RetryClassifier.ShouldRetry(exception));
}
