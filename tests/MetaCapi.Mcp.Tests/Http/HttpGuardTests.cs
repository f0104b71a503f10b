using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MetaCapi.Mcp.Tests.Http.Infrastructure;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests.Http;

/// <summary>The guards in front of the tools: Origin allow-list, body size, per-caller rate limit, request timeout.</summary>
public sealed class HttpGuardTests(HttpFixture fixture) : HttpTest<HttpFixture>(fixture)
{
    public static TheoryData<HostKind> Hosts => [HostKind.InProcess, HostKind.Process];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_browser_origin_not_in_the_allow_list_is_403_before_anything_else(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);

        foreach (var origin in new[] { "http://evil.example", "https://app.example.com.evil.example", "null" })
        {
            using var refused = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, HttpFixture.AdminKey, origin);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Origin not allowed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Refused even without a credential: the Origin check comes first.
        using var anonymous = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, bearer: null, "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);

        using var allowed = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, HttpFixture.AdminKey, "https://APP.example.com");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var noOrigin = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, HttpFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, noOrigin.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_body_over_8_MiB_is_413_and_nothing_is_sent(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        using var request = HttpRequests.Post(host, NineMebibyteCall(), HttpFixture.AdminKey);

        // As curl and other clients do for a large body: the server refuses before the body is sent (it would not read it).
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("8 MiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task A_streamed_body_over_8_MiB_without_a_length_is_413_too()
    {
        var host = await Fixture.HostAsync(HostKind.Process);
        using var http = Client(host);
        using var request = HttpRequests.Post(host, string.Empty, HttpFixture.AdminKey);
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(NineMebibyteCall())));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        var refusalsBefore = Refusals(host);

        // The server answers 413 as soon as the limit is passed and closes the connection; the client may still be
        // writing then and see its send fail instead of the answer. Either way the server's log line records the 413.
        try
        {
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
        }

        await HttpRequests.EventuallyAsync(() => Refusals(host), n => n > refusalsBefore);
        Assert.Equal(refusalsBefore + 1, Refusals(host));
        Assert.Empty(Graph.Requests);
    }

    private static int Refusals(IMcpHttpHost host) =>
        host.LogLines.Count(l => l.Contains("POST /mcp 413", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_body_under_the_limit_is_served(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, HttpFixture.AdminKey);

        // A 7 MiB custom_data value: allowed through the HTTP guard, then judged by the tool itself.
        var result = await client.CallAsync("meta_preview_conversion_event",
            EventJson.WebsitePurchase().Replace("\"content_type\": \"product\"", $"\"content_type\": \"product\", \"note\": \"{new string('x', 7 * 1024 * 1024)}\"", StringComparison.Ordinal));

        Assert.NotEqual("failed", result.Status());
    }

    /// <summary>A tools/call whose body is 9 MiB (a long string inside custom_data).</summary>
    private static string NineMebibyteCall() =>
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"meta_send_conversion_event\",\"arguments\":" +
        EventJson.WebsitePurchase().Replace("\"content_type\": \"product\"", $"\"content_type\": \"product\", \"note\": \"{new string('x', 9 * 1024 * 1024)}\"", StringComparison.Ordinal) +
        "}}";
}

/// <summary>A server that allows 3 requests per caller and minute, and answers within 2 seconds or gives up (504).</summary>
public sealed class TightLimitsFixture() : HttpFixture(new Dictionary<string, string?>
{
    ["META_MCP_RATE_LIMIT_PER_MINUTE"] = "3",
    ["META_MCP_REQUEST_TIMEOUT_SECONDS"] = "2",
});

public sealed class HttpLimitTests(TightLimitsFixture fixture) : HttpTest<TightLimitsFixture>(fixture)
{
    public static TheoryData<HostKind> Hosts => [HostKind.InProcess, HostKind.Process];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_caller_over_its_rate_limit_gets_429_with_Retry_After_and_other_callers_do_not(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        var key = kind == HostKind.InProcess ? HttpFixture.ShopKey : HttpFixture.AdminKey;

        // The bucket holds 3 and refills one every 20 s: within 10 requests some must be refused, however slow the machine.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, key);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.Equal(HttpStatusCode.OK, statuses[0]);
            var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }

        // Another caller has its own budget.
        var other = Fixture.Token();
        using var otherResponse = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, other);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task A_call_that_outlasts_the_request_timeout_ends_with_504()
    {
        var host = await Fixture.HostAsync(HostKind.Process);
        using var http = Client(host);
        Graph.NeverAnswers();
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, Fixture.Token());

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase()));

        Assert.Contains("504", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains(host.LogLines, line => line.Contains("POST /mcp 504", StringComparison.Ordinal));
    }
}

/// <summary>Raw HTTP requests to the MCP endpoint, for what the SDK's client hides (status codes, headers).</summary>
public static class HttpRequests
{
    public const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""";

    public static HttpRequestMessage Post(IMcpHttpHost host, string body, string? bearer, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint.AbsolutePath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", HttpMcp.Previous);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    /// <summary>Waits (bounded, never measured) until <paramref name="done"/> holds for what <paramref name="read"/> gives.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Sends the request and reads the whole answer.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, IMcpHttpHost host, string body, string? bearer, string? origin = null)
    {
        using var request = Post(host, body, bearer, origin);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
