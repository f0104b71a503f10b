using System.Diagnostics;
using System.Text.Json;
using MetaCapi.Mcp.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using WireMock.ResponseBuilders;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// Faults of the Graph API, through the real server process with WireMock as Meta: what is retried, what is not,
/// what the result says, and that the same server sends the next event normally afterwards.
/// </summary>
public sealed class GraphFaultTests(ServerFixture fixture) : ServerTest(fixture)
{
    private const string Tool = "meta_send_conversion_event";

    [Fact]
    public async Task Http_503_then_503_then_200_is_sent_after_three_attempts()
    {
        Graph.RespondInTurn(Response.Create().WithStatusCode(503), Response.Create().WithStatusCode(503));

        var result = await SendAsync();

        Assert.Equal("sent", result.Status());
        Assert.Equal(3, Attempts(result));
        Assert.Equal(1, result.Structured().GetProperty("events_received").GetInt32());
        Assert.Equal(3, Graph.Requests.Count);
        Assert.Single(Graph.Requests.Select(r => r.RequestMessage.Body).Distinct());
        Assert.Contains("| attempts | 3 |", result.Text(), StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Http_429_with_Retry_After_is_retried_after_the_wait_Meta_asked_for()
    {
        // The server's own backoff is 10 ms here, so a gap of about a second can only come from Retry-After.
        Graph.RespondInTurn(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));

        var result = await SendAsync();

        Assert.Equal("sent", result.Status());
        Assert.Equal(2, Attempts(result));
        var times = Graph.Requests.Select(r => r.RequestMessage.DateTime).Order().ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"waited only {(times[1] - times[0]).TotalMilliseconds} ms");
        await AssertNextCallIsSentAsync();
    }

    [Theory]
    [InlineData(400, 613, null)]
    [InlineData(400, 4, null)]
    [InlineData(400, 17, null)]
    [InlineData(400, 80004, null)]
    [InlineData(400, 9999, true)]
    public async Task Transient_Graph_error_is_retried_then_sent(int status, int code, bool? isTransient)
    {
        Graph.RespondInTurn(GraphFake.GraphError(status, code, message: "Temporarily unavailable", transient: isTransient));

        var result = await SendAsync();

        Assert.Equal("sent", result.Status());
        Assert.Equal(2, Attempts(result));
        Assert.Equal(2, Graph.Requests.Count);
        Assert.Equal(JsonValueKind.Null, result.Structured().GetProperty("meta_error").ValueKind);
        await AssertNextCallIsSentAsync();
    }

    [Theory]
    [InlineData(400, 100, "Meta rejected a parameter")]
    [InlineData(400, 190, "META_ACCESS_TOKEN")]
    [InlineData(403, 200, "lacks permission on this dataset")]
    public async Task Graph_error_that_cannot_succeed_later_fails_after_one_attempt_with_its_hint(int status, int code, string hint)
    {
        Graph.Respond(GraphFake.GraphError(status, code, message: "Refused by Meta"));

        var result = await SendAsync();

        Assert.Equal("failed", result.Status());
        Assert.True(result.IsError);
        Assert.Equal(1, Attempts(result));
        Assert.Single(Graph.Requests);
        var error = result.Structured().GetProperty("meta_error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(status, error.GetProperty("http_status").GetInt32());
        Assert.Equal("Refused by Meta", error.GetProperty("message").GetString());
        Assert.False(error.GetProperty("retryable").GetBoolean());
        Assert.Contains(hint, error.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Contains(hint, result.Text(), StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Connection_reset_on_every_attempt_is_retried_then_fails_naming_the_network_problem()
    {
        Graph.ResetsConnections();

        var result = await SendAsync();

        Assert.Equal("failed", result.Status());
        Assert.True(result.IsError);
        Assert.Equal(3, Attempts(result));
        Assert.True(Graph.NetworkFaulted >= 3, $"{Graph.NetworkFaulted} requests reset");
        Assert.Equal(JsonValueKind.Null, result.Structured().GetProperty("events_received").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.Structured().GetProperty("meta_error").ValueKind);
        Assert.Matches("^The connection .+ after 3 attempts\\.$", DeliveryError(result));
        Assert.StartsWith("**Failed**: the Purchase event for pixel 1234567890 could not be delivered.", result.Text(), StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Malformed_json_error_body_fails_after_one_attempt_described_not_quoted()
    {
        const string Body = """{"error": {"code": 190, "message": "Zanzibar quota""";
        Graph.Respond(400, Body);

        var result = await SendAsync();

        Assert.Equal("failed", result.Status());
        Assert.Equal(1, Attempts(result));
        Assert.Equal($"HTTP 400 with a body that is not JSON (application/json, {Body.Length} bytes).", DeliveryError(result));
        Assert.Equal(JsonValueKind.Null, result.Structured().GetProperty("meta_error").ValueKind);
        Assert.DoesNotContain("Zanzibar", result.Text() + result.Structured().GetRawText(), StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Http_200_with_a_garbled_body_is_sent_with_a_note_and_no_invented_count()
    {
        // WireMock sends the first half of the body, then random bytes.
        Graph.Respond(Response.Create().WithStatusCode(200).WithBody("""{"events_received": 1, "messages": ["Zanzibar"], "fbtrace_id": "Garbled1"}""")
            .WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));

        var result = await SendAsync();

        Assert.Equal("sent", result.Status());
        Assert.Equal(1, Attempts(result));
        var structured = result.Structured();
        Assert.Equal(JsonValueKind.Null, structured.GetProperty("events_received").ValueKind);
        Assert.Equal(JsonValueKind.Null, structured.GetProperty("fbtrace_id").ValueKind);
        Assert.Contains(result.Issues("warnings"), w => w.Path == "delivery" && w.Message.StartsWith("HTTP 200 but the body was not the expected JSON", StringComparison.Ordinal));
        Assert.Contains("| events_received | not reported by Meta |", result.Text(), StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Html_error_page_is_retried_then_fails_described_by_type_and_size_never_quoted()
    {
        const string Page = "<html><head><title>502 Bad Gateway</title></head><body><h1>Zanzibar upstream</h1></body></html>";
        Graph.Respond(502, Page, "text/html; charset=utf-8");

        var result = await SendAsync();

        Assert.Equal("failed", result.Status());
        Assert.Equal(3, Attempts(result));
        Assert.Equal($"HTTP 502 with a body that is not JSON (text/html, {Page.Length} bytes).", DeliveryError(result));
        var everything = result.Text() + result.Structured().GetRawText();
        Assert.DoesNotContain("Zanzibar", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", everything, StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Empty_error_body_is_retried_then_fails_saying_the_body_was_empty()
    {
        Graph.Respond(Response.Create().WithStatusCode(500));

        var result = await SendAsync();

        Assert.Equal("failed", result.Status());
        Assert.Equal(3, Attempts(result));
        Assert.Equal("HTTP 500 with an empty body.", DeliveryError(result));
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Http_200_without_events_received_is_sent_as_Meta_said_with_no_invented_count()
    {
        Graph.Respond(200, """{"messages": [], "fbtrace_id": "NoCount7"}""");

        var result = await SendAsync();

        Assert.Equal("sent", result.Status());
        Assert.False(result.IsError ?? false);
        var structured = result.Structured();
        Assert.Equal(JsonValueKind.Null, structured.GetProperty("events_received").ValueKind);
        Assert.Equal("NoCount7", structured.GetProperty("fbtrace_id").GetString());
        Assert.Empty(structured.GetProperty("messages").EnumerateArray());
        Assert.Contains(result.Issues("warnings"), w => w.Path == "delivery" && w.Message.Contains("without events_received", StringComparison.Ordinal));
        Assert.Contains("| events_received | not reported by Meta |", result.Text(), StringComparison.Ordinal);
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Endpoint_that_never_answers_fails_within_the_total_timeout()
    {
        // The attempt timeout is longer than the total one, so a call that returns in time proves the total
        // timeout (META_HTTP_TOTAL_TIMEOUT_SECONDS) cut it short.
        await using var server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(Graph.Url, new Dictionary<string, string?>
        {
            ["META_HTTP_TIMEOUT_SECONDS"] = "10",
            ["META_HTTP_TOTAL_TIMEOUT_SECONDS"] = "2",
        }));
        Graph.NeverAnswers();

        var clock = Stopwatch.StartNew();
        var result = await server.CallAsync(Tool, EventJson.WebsitePurchase());
        clock.Stop();

        Assert.Equal("failed", result.Status());
        Assert.Equal("No answer within the total timeout of 2 s (META_HTTP_TOTAL_TIMEOUT_SECONDS) after 1 attempt.", DeliveryError(result));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2 + 8));

        Graph.Succeeds();
        Assert.Equal("sent", (await server.CallAsync(Tool, EventJson.WebsitePurchase())).Status());
    }

    [Fact]
    public async Task Client_cancellation_during_a_retry_wait_stops_the_delivery_with_no_further_attempt()
    {
        // Meta asks for a 3 s wait; the client gives up a moment into it.
        Graph.RespondInTurn(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "3"));
        using var cancellation = new CancellationTokenSource();

        var call = Server.CallAsync(Tool, EventJson.WebsitePurchase(), cancellation.Token);
        await WaitUntilAsync(() => Graph.Requests.Count == 1, "the first attempt");
        var firstAttemptSeen = DateTime.UtcNow;
        await Task.Delay(300);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitUntilAsync(() => Server.StderrLines.Any(l => l.Contains("cancelled by the caller after 1 attempt(s)", StringComparison.Ordinal)),
            "the server to log the cancelled delivery");
        var retryWouldHaveCome = firstAttemptSeen.AddSeconds(3.5) - DateTime.UtcNow;
        if (retryWouldHaveCome > TimeSpan.Zero)
        {
            await Task.Delay(retryWouldHaveCome);
        }

        Assert.Single(Graph.Requests);
        await AssertNextCallIsSentAsync();
    }

    private Task<CallToolResult> SendAsync() => Server.CallAsync(Tool, EventJson.WebsitePurchase());

    private static int Attempts(CallToolResult result) => result.Structured().GetProperty("attempts").GetInt32();

    private static string DeliveryError(CallToolResult result) => result.Error("delivery");

    private async Task AssertNextCallIsSentAsync()
    {
        Graph.Succeeds();
        var next = await SendAsync();
        Assert.Equal("sent", next.Status());
        Assert.Equal(1, Attempts(next));
        Assert.Single(Graph.Requests);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            await Task.Delay(20);
        }
    }
}
