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
    public async Task Http_200_with_a_20_MB_body_is_sent_once_with_a_warning_and_no_invented_count()
    {
        var body = new byte[20 * 1024 * 1024];
        "{\"events_received\": 1, \"fbtrace_id\": \"Huge1\", \"messages\": [\""u8.CopyTo(body);
        Graph.Respond(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var result = await SendAsync();

        Assert.Equal("sent", result.Status());
        Assert.Equal(1, Attempts(result));
        Assert.Single(Graph.Requests);
        Assert.Equal(JsonValueKind.Null, result.Structured().GetProperty("events_received").ValueKind);
        Assert.Contains(result.Issues("warnings"), w => w.Path == "delivery"
            && w.Message == "HTTP 200 with a body larger than the 1 MB read limit: Meta accepted the request, but how many events it received is not known.");
        await AssertNextCallIsSentAsync();
    }

    [Fact]
    public async Task Http_400_with_a_gzip_bomb_is_not_retried()
    {
        // 64 KB that expand to 64 MB.
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        Graph.Respond(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
            .WithHeader("Content-Encoding", "gzip").WithBody(compressed.ToArray()));

        var result = await SendAsync();

        Assert.Equal("failed", result.Status());
        Assert.Equal(1, Attempts(result));
        Assert.Single(Graph.Requests);
        Assert.Matches("^HTTP 400 with a (gzip-compressed )?body larger than the 1 MB read limit", DeliveryError(result));
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
        // The attempt timeout is longer than the total one, and the endpoint never answers: a call that returns, saying so,
        // proves the total timeout (META_HTTP_TOTAL_TIMEOUT_SECONDS) cut it short, however long it took on this machine.
        await using var server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(Graph.Url, new Dictionary<string, string?>
        {
            ["META_HTTP_TIMEOUT_SECONDS"] = "10",
            ["META_HTTP_TOTAL_TIMEOUT_SECONDS"] = "2",
        }));
        Graph.NeverAnswers();

        var result = await server.CallAsync(Tool, EventJson.WebsitePurchase());

        Assert.Equal("failed", result.Status());
        Assert.Equal("No answer within the total timeout of 2 s (META_HTTP_TOTAL_TIMEOUT_SECONDS) after 1 attempt.", DeliveryError(result));

        Graph.Succeeds();
        Assert.Equal("sent", (await server.CallAsync(Tool, EventJson.WebsitePurchase())).Status());
    }

    [Fact]
    public async Task Client_cancellation_during_a_retry_wait_stops_the_delivery_with_no_further_attempt()
    {
        // Meta asks for a 60 s wait; the client gives up once the server is waiting. The server's log line that the
        // delivery was cancelled after 1 attempt proves no attempt came after the cancellation, without timing anything.
        Graph.RespondInTurn(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "60"));
        using var cancellation = new CancellationTokenSource();

        var call = Server.CallAsync(Tool, EventJson.WebsitePurchase(), cancellation.Token);
        await WaitUntilAsync(() => Server.StderrLines.Any(l => l.Contains("retrying in 60000 ms", StringComparison.Ordinal)),
            "the server to wait before its second attempt");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitUntilAsync(() => Server.StderrLines.Any(l => l.Contains("cancelled by the caller after 1 attempt(s)", StringComparison.Ordinal)),
            "the server to log the cancelled delivery");
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
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            await Task.Delay(20);
        }
    }
}
