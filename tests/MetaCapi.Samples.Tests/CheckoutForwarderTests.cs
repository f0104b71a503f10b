using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MetaCapi.Samples.Tests;

/// <summary>samples/CheckoutForwarder end to end: a real request into the app, a fake Graph API (WireMock) behind it.</summary>
public sealed class CheckoutForwarderTests
{
    private const string PixelId = "1234567890";
    private const string Token = "EAAsample-token";
    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Sample/1.0";
    private const string Fbp = "fb.1.1596403881668.1116446470";
    private const string Fbc = "fb.1.1554763741205.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk";

    // Meta's documented hash of "john_smith@gmail.com" (docs/normalization.md, test vectors).
    private const string JohnSmithHash = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";

    private const string Checkout = """
        {"order_id": "1001", "event_id": "pixel-evt-1001", "value": 59.90, "currency": "eur",
         "items": [{"id": "SKU-1", "quantity": 2, "price": 29.95}],
         "email": "  John_Smith@Gmail.com ", "phone": "+1 (650) 555-1212", "first_name": "John", "country": "US",
         "page_url": "https://shop.example/checkout"}
        """;

    [Fact]
    public async Task A_checkout_is_forwarded_once_with_the_pixel_event_id_the_cookies_the_client_address_and_the_user_agent()
    {
        using var app = new ForwarderApp(IPAddress.Parse("::ffff:203.0.113.7"));
        app.GraphAnswers(200, """{"events_received":1,"messages":[],"fbtrace_id":"TraceOk"}""");

        using var response = await app.PostCheckoutAsync(Checkout, cookies: $"_fbp={Fbp}; _fbc={Fbc}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("sent", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, answer.RootElement.GetProperty("events_received").GetInt32());
        Assert.Equal("TraceOk", answer.RootElement.GetProperty("fbtrace_id").GetString());

        var request = Assert.Single(app.Graph.LogEntries).RequestMessage;
        Assert.Equal($"/v25.0/{PixelId}/events", request.Path);
        using var body = JsonDocument.Parse(request.BodyAsBytes!);
        Assert.Equal(Token, body.RootElement.GetProperty("access_token").GetString());
        var sent = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("Purchase", sent.GetProperty("event_name").GetString());
        Assert.Equal("pixel-evt-1001", sent.GetProperty("event_id").GetString());
        Assert.Equal("website", sent.GetProperty("action_source").GetString());
        Assert.Equal("https://shop.example/checkout", sent.GetProperty("event_source_url").GetString());
        var user = sent.GetProperty("user_data");
        Assert.Equal(JohnSmithHash, user.GetProperty("em")[0].GetString());
        Assert.Equal("203.0.113.7", user.GetProperty("client_ip_address").GetString());
        Assert.Equal(UserAgent, user.GetProperty("client_user_agent").GetString());
        Assert.Equal(Fbp, user.GetProperty("fbp").GetString());
        Assert.Equal(Fbc, user.GetProperty("fbc").GetString());
        var custom = sent.GetProperty("custom_data");
        Assert.Equal(59.90m, custom.GetProperty("value").GetDecimal());
        Assert.Equal("EUR", custom.GetProperty("currency").GetString());
        Assert.Equal("1001", custom.GetProperty("order_id").GetString());
        Assert.Equal("SKU-1", custom.GetProperty("contents")[0].GetProperty("id").GetString());
        Assert.DoesNotContain("John_Smith", request.Body!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_an_fbc_cookie_the_click_id_comes_from_the_fbclid_of_the_checkout_page()
    {
        using var app = new ForwarderApp(IPAddress.Parse("203.0.113.7"));
        app.GraphAnswers(200, """{"events_received":1}""");

        using var response = await app.PostCheckoutAsync(
            Checkout.Replace("https://shop.example/checkout", "https://shop.example/checkout?fbclid=IwAR2Fabc", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(Assert.Single(app.Graph.LogEntries).RequestMessage.BodyAsBytes!);
        var fbc = body.RootElement.GetProperty("data")[0].GetProperty("user_data").GetProperty("fbc").GetString();
        Assert.StartsWith("fb.1.", fbc, StringComparison.Ordinal);
        Assert.EndsWith(".IwAR2Fabc", fbc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_address_comes_from_X_Forwarded_For_only_through_a_trusted_proxy()
    {
        using var behindProxy = new ForwarderApp(IPAddress.Loopback);
        using var direct = new ForwarderApp(IPAddress.Parse("203.0.113.7"));
        behindProxy.GraphAnswers(200, """{"events_received":1}""");
        direct.GraphAnswers(200, """{"events_received":1}""");

        (await behindProxy.PostCheckoutAsync(Checkout, forwardedFor: "198.51.100.9")).Dispose();
        (await direct.PostCheckoutAsync(Checkout, forwardedFor: "198.51.100.9")).Dispose();

        Assert.Equal("198.51.100.9", SentClientAddress(behindProxy));
        Assert.Equal("203.0.113.7", SentClientAddress(direct));
    }

    [Fact]
    public async Task A_checkout_that_cannot_be_sent_is_refused_with_its_problems_and_nothing_reaches_meta()
    {
        using var app = new ForwarderApp(IPAddress.Parse("203.0.113.7"));
        app.GraphAnswers(200, """{"events_received":1}""");

        using var response = await app.PostCheckoutAsync(Checkout.Replace("\"eur\"", "\"euro\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("rejected", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal("custom_data.currency", answer.RootElement.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Empty(app.Graph.LogEntries);
    }

    [Fact]
    public async Task A_dry_run_answers_the_exact_body_without_the_token_and_sends_nothing()
    {
        using var app = new ForwarderApp(IPAddress.Parse("203.0.113.7"));
        app.GraphAnswers(200, """{"events_received":1}""");

        using var response = await app.PostCheckoutAsync(Checkout, query: "?dryRun=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("preview", answer.RootElement.GetProperty("status").GetString());
        var payload = answer.RootElement.GetProperty("payload");
        Assert.Equal(JohnSmithHash, payload.GetProperty("data")[0].GetProperty("user_data").GetProperty("em")[0].GetString());
        Assert.False(payload.TryGetProperty("access_token", out _));
        Assert.Empty(app.Graph.LogEntries);
    }

    [Fact]
    public async Task A_refusal_by_meta_is_answered_as_bad_gateway_with_metas_message_and_hint()
    {
        using var app = new ForwarderApp(IPAddress.Parse("203.0.113.7"));
        app.GraphAnswers(400,
            """{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"Trace190"}}""");

        using var response = await app.PostCheckoutAsync(Checkout);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var answer = JsonDocument.Parse(text);
        Assert.Equal("failed", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal("Invalid OAuth access token.", answer.RootElement.GetProperty("meta_error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.RootElement.GetProperty("hint").GetString()));
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }

    private static string? SentClientAddress(ForwarderApp app)
    {
        using var body = JsonDocument.Parse(Assert.Single(app.Graph.LogEntries).RequestMessage.BodyAsBytes!);
        return body.RootElement.GetProperty("data")[0].GetProperty("user_data").GetProperty("client_ip_address").GetString();
    }

    /// <summary>The sample in memory, configured through its settings to post to a fake Graph API on 127.0.0.1.</summary>
    private sealed class ForwarderApp : WebApplicationFactory<Program>
    {
        private readonly IPAddress _clientAddress;

        public ForwarderApp(IPAddress clientAddress)
        {
            _clientAddress = clientAddress;
            Graph = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        }

        public WireMockServer Graph { get; }

        public void GraphAnswers(int status, string body) =>
            Graph.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

        public async Task<HttpResponseMessage> PostCheckoutAsync(string json, string? cookies = null, string? forwardedFor = null, string query = "")
        {
            using var client = CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/checkout" + query)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.UserAgent.ParseAdd(UserAgent);
            if (cookies is not null)
            {
                request.Headers.Add("Cookie", cookies);
            }

            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return await client.SendAsync(request);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("META_ACCESS_TOKEN", Token);
            builder.UseSetting("META_PIXEL_ID", PixelId);
            builder.UseSetting("META_GRAPH_BASE_URL", Graph.Url);
            builder.UseSetting("META_HTTP_MAX_ATTEMPTS", "1");
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new ClientAddress(_clientAddress)));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Graph.Stop();
                Graph.Dispose();
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>The in-memory test server has no socket: give each request the client address a real connection would have.</summary>
    private sealed class ClientAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
