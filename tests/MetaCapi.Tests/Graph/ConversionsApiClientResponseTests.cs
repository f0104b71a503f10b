using System.Text.Json;
using MetaCapi.Graph;
using MetaCapi.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MetaCapi.Tests.Graph;

public sealed class ConversionsApiClientResponseTests
{
    [Fact]
    public async Task Success_reports_metas_events_received_messages_and_fbtrace_id()
    {
        using var graph = new GraphHarness();
        Respond(graph, 200, """{"events_received":1,"messages":["note one",{"detail":2}],"fbtrace_id":"AbCdEf123"}""");

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(1, result.EventsReceived);
        Assert.Equal(["note one", """{"detail":2}"""], result.Messages);
        Assert.Equal("AbCdEf123", result.FbtraceId);
        Assert.Null(result.Error);
        Assert.Null(result.TransportError);
        Assert.Null(result.ResponseNote);
    }

    [Fact]
    public async Task Success_without_events_received_is_sent_with_no_invented_count()
    {
        using var graph = new GraphHarness();
        Respond(graph, 200, """{"fbtrace_id":"Zz9"}""");

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Null(result.EventsReceived);
        Assert.Empty(result.Messages);
        Assert.Equal("Zz9", result.FbtraceId);
        Assert.Contains("events_received", result.ResponseNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_with_a_body_that_is_not_json_is_sent_with_a_note_and_nothing_invented()
    {
        using var graph = new GraphHarness();
        Respond(graph, 200, "<html>ok</html>", "text/html");

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Null(result.EventsReceived);
        Assert.Contains("not the expected JSON", result.ResponseNote, StringComparison.Ordinal);
        Assert.Contains("text/html", result.ResponseNote, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", result.ResponseNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fbtrace_id_falls_back_to_the_x_fb_trace_id_header()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("x-fb-trace-id", "HdrTrace1").WithBody("""{"events_received":1}"""));

        var result = await graph.SendAsync();

        Assert.Equal("HdrTrace1", result.FbtraceId);
    }

    [Fact]
    public async Task Graph_error_is_reported_field_by_field_with_hint_and_retry_decision()
    {
        using var graph = new GraphHarness();
        Respond(graph, 400, """
            {"error":{"message":"Error validating access token: Session has expired.","type":"OAuthException","code":190,
             "error_subcode":463,"is_transient":false,"error_user_title":"Token expired","error_user_msg":"Renew the token.",
             "fbtrace_id":"AxYz123"}}
            """);

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(400, result.HttpStatus);
        Assert.Null(result.TransportError);
        Assert.Null(result.EventsReceived);
        Assert.Equal("AxYz123", result.FbtraceId);
        var error = Assert.IsType<GraphError>(result.Error);
        Assert.Equal(190, error.Code);
        Assert.Equal(463, error.Subcode);
        Assert.Equal("OAuthException", error.Type);
        Assert.Equal("Error validating access token: Session has expired.", error.Message);
        Assert.Equal("Token expired", error.UserTitle);
        Assert.Equal("Renew the token.", error.UserMessage);
        Assert.Equal("AxYz123", error.FbtraceId);
        Assert.False(error.IsTransient);
        Assert.False(error.Retryable);
        Assert.Contains("expired", error.Hint, StringComparison.Ordinal);
        Assert.Contains("META_ACCESS_TOKEN", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_error_fields_of_unexpected_types_are_left_out_not_fatal()
    {
        using var graph = new GraphHarness();
        Respond(graph, 400, """{"error":{"code":"190","error_subcode":1.5,"message":42,"is_transient":"no","type":"OAuthException"}}""");

        var result = await graph.SendAsync();

        var error = Assert.IsType<GraphError>(result.Error);
        Assert.Null(error.Code);
        Assert.Null(error.Subcode);
        Assert.Null(error.Message);
        Assert.Null(error.IsTransient);
        Assert.Equal("OAuthException", error.Type);
    }

    [Fact]
    public async Task Html_error_page_is_described_by_content_type_and_size_never_quoted()
    {
        using var graph = new GraphHarness(o => o.MaxAttempts = 1);
        const string page = "<html><body>Bad Gateway from some proxy</body></html>";
        Respond(graph, 502, page, "text/html");

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(502, result.HttpStatus);
        Assert.Null(result.Error);
        Assert.Contains("HTTP 502", result.TransportError, StringComparison.Ordinal);
        Assert.Contains("text/html", result.TransportError, StringComparison.Ordinal);
        Assert.Contains($"{page.Length} bytes", result.TransportError, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad Gateway", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_error_body_is_reported_as_such()
    {
        using var graph = new GraphHarness(o => o.MaxAttempts = 1);
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(500, result.HttpStatus);
        Assert.Null(result.Error);
        Assert.Equal("HTTP 500 with an empty body.", result.TransportError);
    }

    [Fact]
    public async Task Malformed_json_error_body_is_reported_as_not_json()
    {
        using var graph = new GraphHarness();
        Respond(graph, 400, """{"error": {"code": 100, "message": "trunc""");

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Null(result.Error);
        Assert.Contains("not JSON (application/json", result.TransportError, StringComparison.Ordinal);
        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task Json_error_body_without_a_graph_error_object_is_described()
    {
        using var graph = new GraphHarness();
        Respond(graph, 403, """{"error":"forbidden by proxy"}""");

        var result = await graph.SendAsync();

        Assert.Null(result.Error);
        Assert.Contains("JSON body that is not a Graph API error", result.TransportError, StringComparison.Ordinal);
        Assert.DoesNotContain("forbidden", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_token_never_travels_elsewhere()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Request.Create().WithPath("/v25.0/1234567890/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", graph.Server.Url + "/elsewhere"));
        Respond(graph, 200, """{"events_received":1}""", path: "/elsewhere");

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(307, result.HttpStatus);
        Assert.Contains("redirect", result.TransportError, StringComparison.Ordinal);
        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task A_token_or_secret_echoed_by_the_server_is_redacted_from_the_result()
    {
        using var graph = new GraphHarness(o => o.AppSecret = GraphHarness.Secret);
        Respond(graph, 400, $$"""
            {"error":{"code":100,"message":"Bad token {{GraphHarness.Token}}","error_user_msg":"secret {{GraphHarness.Secret}}"},
             "messages":["echo {{GraphHarness.Token}}"]}
            """);

        var result = await graph.SendAsync();

        var json = JsonSerializer.Serialize(result, MetaCapiJsonContext.Default.DeliveryResult);
        Assert.DoesNotContain(GraphHarness.Token, json, StringComparison.Ordinal);
        Assert.DoesNotContain(GraphHarness.Secret, json, StringComparison.Ordinal);
        Assert.Equal("Bad token [redacted]", result.Error!.Message);
    }

    [Fact]
    public async Task Logs_carry_keys_and_counts_but_never_the_token_secret_url_or_body()
    {
        using var graph = new GraphHarness(o => o.AppSecret = GraphHarness.Secret);
        graph.Server.Given(Request.Create().UsingPost()).InScenario("s").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"error":{"code":2,"message":"try later"}}"""));
        graph.Server.Given(Request.Create().UsingPost()).InScenario("s").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"events_received":1,"fbtrace_id":"Tr1"}"""));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        var logs = graph.Logs.Lines;
        Assert.Contains(logs, l => l.Contains("1234567890", StringComparison.Ordinal) && l.Contains("Tr1", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("Graph code 2", StringComparison.Ordinal));
        Assert.All(logs, l =>
        {
            Assert.DoesNotContain(GraphHarness.Token, l, StringComparison.Ordinal);
            Assert.DoesNotContain(GraphHarness.Secret, l, StringComparison.Ordinal);
            Assert.DoesNotContain("/events", l, StringComparison.Ordinal);
            Assert.DoesNotContain("order-1001", l, StringComparison.Ordinal);
            Assert.DoesNotContain("try later", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Http_200_with_a_body_larger_than_the_read_limit_is_sent_once_with_a_warning_and_no_count()
    {
        using var graph = new GraphHarness();
        var body = new byte[20 * 1024 * 1024];
        "{\"events_received\":1,"u8.CopyTo(body);
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Sent, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
        Assert.Equal(200, result.HttpStatus);
        Assert.Null(result.EventsReceived);
        Assert.Null(result.TransportError);
        Assert.Equal(
            "HTTP 200 with a body larger than the 1 MB read limit: Meta accepted the request, but how many events it received is not known.",
            result.ResponseNote);
    }

    [Fact]
    public async Task Http_400_with_a_gzip_bomb_is_not_retried_and_is_described_not_read_whole()
    {
        // 64 MB of zeros compress to about 64 KB; the client decompresses, and stops at the read limit.
        using var graph = new GraphHarness();
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithHeader("Content-Type", "application/json").WithHeader("Content-Encoding", "gzip").WithBody(GzipOfZeros(64 * 1024 * 1024)));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
        Assert.Equal(400, result.HttpStatus);
        Assert.Null(result.Error);
        Assert.Matches("^HTTP 400 with a (gzip-compressed )?body larger than the 1 MB read limit", result.TransportError);
    }

    [Fact]
    public async Task Http_503_with_a_body_larger_than_the_read_limit_is_retried_as_a_503()
    {
        using var graph = new GraphHarness(o => o.MaxAttempts = 2);
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(
            Response.Create().WithStatusCode(503).WithBody(new byte[2 * 1024 * 1024]));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, graph.Requests.Count);
        Assert.Equal("HTTP 503 with a body larger than the 1 MB read limit.", result.TransportError);
    }

    [Fact]
    public async Task Http_400_whose_compressed_body_is_corrupt_is_not_retried()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithHeader("Content-Encoding", "gzip").WithBody([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef]));

        var result = await graph.SendAsync();

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Single(graph.Requests);
        Assert.StartsWith("HTTP 400 with a ", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_serializes_through_the_source_generated_context_with_snake_case_names()
    {
        var result = new DeliveryResult
        {
            Status = DeliveryStatus.Failed,
            Attempts = 2,
            HttpStatus = 429,
            RetryAfter = TimeSpan.FromSeconds(1.5),
            Error = new GraphError { Code = 613, Retryable = true, Hint = "wait" },
        };

        var json = JsonSerializer.Serialize(result, MetaCapiJsonContext.Default.DeliveryResult);

        Assert.Contains("\"status\":\"failed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"retry_after_seconds\":1.5", json, StringComparison.Ordinal);
        Assert.Contains("\"meta_error\":{\"code\":613,\"retryable\":true,\"hint\":\"wait\"}", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, MetaCapiJsonContext.Default.DeliveryResult)!;
        Assert.Equal(TimeSpan.FromSeconds(1.5), back.RetryAfter);
        Assert.Equal(613, back.Error!.Code);
    }

    private static byte[] GzipOfZeros(int length)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return compressed.ToArray();
    }

    private static void Respond(GraphHarness graph, int status, string body, string contentType = "application/json", string? path = null)
    {
        var request = Request.Create().UsingPost();
        if (path is not null)
        {
            request = request.WithPath(path);
        }

        graph.Server.Given(request)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
    }
}
