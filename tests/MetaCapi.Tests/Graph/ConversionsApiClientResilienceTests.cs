using MetaCapi.Graph;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MetaCapi.Tests.Graph;

public sealed class ConversionsApiClientResilienceTests
{
    private const string Ok = """{"events_received":1,"messages":[],"fbtrace_id":"Ok1"}""";

    [Fact]
    public async Task Http_503_is_retried_until_success_and_every_attempt_is_counted()
    {
        using var graph = new GraphHarness();
        FailThenSucceed(graph, failures: 2, Response.Create().WithStatusCode(503));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, graph.Requests.Count);
        Assert.Equal(1, result.EventsReceived);
    }

    [Fact]
    public async Task Retries_resend_the_same_body()
    {
        using var graph = new GraphHarness();
        FailThenSucceed(graph, failures: 1, Response.Create().WithStatusCode(503));

        await graph.SendAsync();

        var bodies = graph.Requests.Select(r => r.RequestMessage.Body).ToArray();
        Assert.Equal(2, bodies.Length);
        Assert.Equal(bodies[0], bodies[1]);
    }

    [Fact]
    public async Task Graph_rate_limit_613_is_retried_even_on_http_400()
    {
        using var graph = new GraphHarness();
        FailThenSucceed(graph, failures: 1, GraphError(400, """{"code":613,"message":"Calls to this api have exceeded the rate limit."}"""));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Is_transient_true_is_retried_for_an_unknown_code_on_http_400()
    {
        using var graph = new GraphHarness();
        FailThenSucceed(graph, failures: 1, GraphError(400, """{"code":9999,"is_transient":true,"message":"hiccup"}"""));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Theory]
    [InlineData(400, 100, null)]
    [InlineData(400, 190, 463)]
    [InlineData(403, 200, null)]
    [InlineData(400, 10, null)]
    [InlineData(400, 803, null)]
    [InlineData(500, 190, null)]
    public async Task Validation_auth_and_permission_errors_are_never_retried(int status, int code, int? subcode)
    {
        using var graph = new GraphHarness();
        var subcodeJson = subcode is null ? "" : $",\"error_subcode\":{subcode}";
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(
            GraphError(status, $$"""{"code":{{code}}{{subcodeJson}},"is_transient":true,"message":"no"}"""));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
        Assert.Equal(code, result.Error!.Code);
        Assert.False(result.Error.Retryable);
        Assert.NotNull(result.Error.Hint);
    }

    [Fact]
    public async Task Exhausted_retries_give_a_failed_result_with_the_last_answer_not_an_exception()
    {
        using var graph = new GraphHarness(o => o.MaxAttempts = 4);
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(GraphError(503, """{"code":2,"message":"Service temporarily unavailable","is_transient":true,"fbtrace_id":"T2"}"""));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(4, result.Attempts);
        Assert.Equal(4, graph.Requests.Count);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(2, result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.Equal("T2", result.FbtraceId);
    }

    [Fact]
    public async Task One_attempt_configured_means_no_retry()
    {
        using var graph = new GraphHarness(o => o.MaxAttempts = 1);
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(503));

        var result = await graph.SendAsync();

        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task Retry_after_in_seconds_sets_the_wait_before_the_next_attempt()
    {
        var time = new ObservedFakeTime();
        using var graph = new GraphHarness(timeProvider: time);
        FailThenSucceed(graph, failures: 1, Response.Create().WithStatusCode(429).WithHeader("Retry-After", "5"));

        var sending = graph.SendAsync();
        await GraphHarness.WaitUntilAsync(() => time.TimerDueTimes.Contains(TimeSpan.FromSeconds(5)), "a 5 s wait");
        await Task.Delay(50);
        Assert.Single(graph.Requests);
        Assert.False(sending.IsCompleted);

        time.Fake.Advance(TimeSpan.FromSeconds(5));
        var result = await sending;

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_waits_until_that_date()
    {
        var time = new ObservedFakeTime();
        using var graph = new GraphHarness(timeProvider: time);
        var date = time.GetUtcNow().AddSeconds(7).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        FailThenSucceed(graph, failures: 1, Response.Create().WithStatusCode(503).WithHeader("Retry-After", date));

        var sending = graph.SendAsync();
        await GraphHarness.WaitUntilAsync(() => time.TimerDueTimes.Contains(TimeSpan.FromSeconds(7)), "a 7 s wait");
        Assert.Single(graph.Requests);

        time.Fake.Advance(TimeSpan.FromSeconds(7));
        var result = await sending;

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_time_left_is_not_waited_for_and_is_reported()
    {
        using var graph = new GraphHarness(o => o.TotalTimeout = TimeSpan.FromSeconds(30));
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(
            GraphError(429, """{"code":4,"message":"Application request limit reached"}""").WithHeader("Retry-After", "120"));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Equal(4, result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.Contains("Retry-After", result.ResponseNote, StringComparison.Ordinal);
        Assert.Contains("META_HTTP_TOTAL_TIMEOUT_SECONDS", result.ResponseNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_endpoint_cannot_hold_a_delivery_past_the_total_timeout()
    {
        using var graph = new GraphHarness(o =>
        {
            o.TotalTimeout = TimeSpan.FromMilliseconds(400);
            o.AttemptTimeout = TimeSpan.FromSeconds(120);
        });
        using var endpoint = new StalledEndpoint(graph);

        var result = await graph.SendAsync();

        // The endpoint holds its answer until the test ends: only the total timeout can have ended the delivery (the
        // attempt timeout, 120 s, would have said so).
        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Null(result.HttpStatus);
        Assert.Contains("total timeout of 0.4 s", result.TransportError, StringComparison.Ordinal);
        Assert.Contains("META_HTTP_TOTAL_TIMEOUT_SECONDS", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_total_timeout_also_bounds_the_wait_between_attempts()
    {
        using var graph = new GraphHarness(o =>
        {
            // Long enough for the first attempt's answer on a loaded machine (500 ms was not), far shorter than the backoff.
            o.TotalTimeout = TimeSpan.FromSeconds(5);
            o.RetryBaseDelay = TimeSpan.FromSeconds(60);
            o.MaxAttempts = 2;
        });
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(GraphError(503, """{"code":2,"message":"later"}"""));

        // Without the bound the 60 s backoff would pass and a second attempt be made.
        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(2, result.Error!.Code);
        Assert.Contains("total timeout", result.TransportError, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried_and_reported_when_none_is_left()
    {
        using var graph = new GraphHarness(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.TotalTimeout = TimeSpan.FromSeconds(120);
            o.MaxAttempts = 2;
        });
        using var endpoint = new StalledEndpoint(graph);

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("attempt timeout of 0.2 s", result.TransportError, StringComparison.Ordinal);
        Assert.Contains("META_HTTP_TIMEOUT_SECONDS", result.TransportError, StringComparison.Ordinal);
        Assert.Contains("2 attempts", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_without_an_http_status()
    {
        using var graph = new GraphHarness(o =>
        {
            o.GraphBaseUrl = new Uri($"http://127.0.0.1:{GraphHarness.FreePort()}");
            o.MaxAttempts = 2;
        });

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Null(result.HttpStatus);
        Assert.Null(result.Error);
        Assert.Contains("refused", result.TransportError, StringComparison.Ordinal);
        Assert.Contains("2 attempts", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_retry_wait_throws_and_starts_no_further_attempt()
    {
        using var graph = new GraphHarness(o => o.TotalTimeout = TimeSpan.FromSeconds(60));
        graph.Server.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "30"));
        using var cancellation = new CancellationTokenSource();

        var sending = graph.SendAsync(cancellation.Token);
        await GraphHarness.WaitUntilAsync(
            () => graph.Logs.Lines.Any(l => l.Contains("retrying in 30000 ms", StringComparison.Ordinal)),
            "the retry wait to start");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        await Task.Delay(300);
        Assert.Single(graph.Requests);
    }

    /// <summary>
    /// A Graph endpoint that takes every request and holds its answer until disposed: whatever ends a delivery against
    /// it is a timeout of the client, however slow the machine, never the answer coming late.
    /// </summary>
    private sealed class StalledEndpoint : IDisposable
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledEndpoint(GraphHarness graph)
        {
            graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithCallback(async _ =>
            {
                await _release.Task;
                return (WireMock.IResponseMessage)new WireMock.ResponseMessage { StatusCode = 200 };
            }));
        }

        public void Dispose() => _release.TrySetResult();
    }

    private static IResponseBuilder GraphError(int status, string errorObject) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"error":{{errorObject}}}""");

    /// <summary>Answers <paramref name="failure"/> to the first <paramref name="failures"/> requests, then success.</summary>
    private static void FailThenSucceed(GraphHarness graph, int failures, IResponseBuilder failure)
    {
        for (var i = 0; i < failures; i++)
        {
            var mapping = graph.Server.Given(Request.Create().UsingPost()).InScenario("retry");
            if (i > 0)
            {
                mapping = mapping.WhenStateIs($"failed-{i}");
            }

            mapping.WillSetStateTo($"failed-{i + 1}").RespondWith(failure);
        }

        graph.Server.Given(Request.Create().UsingPost()).InScenario("retry").WhenStateIs($"failed-{failures}")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Ok));
    }
}
