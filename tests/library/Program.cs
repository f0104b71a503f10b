// The program tests/library/run.sh runs in a fresh console project that installed the MetaCapi package from a local
// feed: what a developer's first five minutes do. It previews an event, sends one to a fake Graph API (an HttpListener
// on 127.0.0.1) and checks the hash of a known email address. One "ok" / "not ok" line per check; exit code 1 if any failed.
using System.Net;
using System.Net.Sockets;
using MetaCapi.Events;
using MetaCapi.Graph;
using Microsoft.Extensions.DependencyInjection;

const string PixelId = "1234567890";
const string Token = "fresh-project-token";

// Meta's documented SHA-256 of "john_smith@gmail.com", the normalized form of "  John_Smith@Gmail.com "
// (Customer Information Parameters; docs/normalization.md, test vectors).
const string JohnSmithHash = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";

var failures = 0;
void Check(string name, bool ok)
{
    Console.WriteLine((ok ? "ok - " : "not ok - ") + name);
    failures += ok ? 0 : 1;
}

// The fake Graph API: answers one POST as Meta does and keeps what it received.
var port = FreePort();
using var graph = new HttpListener();
graph.Prefixes.Add($"http://127.0.0.1:{port}/");
graph.Start();
var received = Task.Run(async () =>
{
    var context = await graph.GetContextAsync();
    using var reader = new StreamReader(context.Request.InputStream);
    var body = await reader.ReadToEndAsync();
    var answer = """{"events_received":1,"messages":[],"fbtrace_id":"FakeTrace1"}"""u8.ToArray();
    context.Response.ContentType = "application/json";
    context.Response.ContentLength64 = answer.Length;
    await context.Response.OutputStream.WriteAsync(answer);
    context.Response.Close();
    return (Path: context.Request.Url!.AbsolutePath, Body: body);
});

var services = new ServiceCollection();
services.AddMetaConversionsApi(options =>
{
    options.AccessToken = Token;
    options.GraphBaseUrl = new Uri($"http://127.0.0.1:{port}");
    options.MaxAttempts = 1;
});
using var provider = services.BuildServiceProvider();
var meta = provider.GetRequiredService<ConversionsApiClient>();

var purchase = new ConversionEvent
{
    EventName = StandardEvents.Purchase,
    EventTime = DateTimeOffset.UtcNow.AddMinutes(-1),
    ActionSource = ActionSource.Website,
    EventId = "order-1001",
    EventSourceUrl = "https://shop.example/checkout",
    Customer = new CustomerInformation
    {
        Email = "  John_Smith@Gmail.com ",
        Phone = "+1 (650) 555-1212",
        ClientIpAddress = "203.0.113.7",
        ClientUserAgent = "Mozilla/5.0",
    },
    CustomData = new CustomData { Value = 59.90m, Currency = "EUR", OrderId = "1001" },
};

var preview = meta.Preview(PixelId, purchase);
Check("preview: status Preview, no error", preview.Status == ConversionStatus.Preview && preview.Errors.Count == 0);
Check("preview: the email is sent as Meta's documented hash of john_smith@gmail.com",
    preview.Request?.Data[0].UserData.Em is [JohnSmithHash]);
Check("preview: the body holds the hash, never the raw email or a token",
    preview.RequestJson is { } json && json.Contains(JohnSmithHash, StringComparison.Ordinal)
    && !json.Contains("John_Smith", StringComparison.OrdinalIgnoreCase) && !json.Contains("access_token", StringComparison.Ordinal));

var result = await meta.SendAsync(PixelId, purchase);
var (path, body) = await received.WaitAsync(TimeSpan.FromSeconds(60));
Check("send: status Sent with Meta's events_received and fbtrace_id",
    result.IsSent && result.Delivery is { EventsReceived: 1, FbtraceId: "FakeTrace1" });
Check($"send: posted to /v25.0/{PixelId}/events", path == $"/v25.0/{PixelId}/events");
Check("send: the body carries the hashed email and the token, never the raw email",
    body.Contains(JohnSmithHash, StringComparison.Ordinal) && body.Contains(Token, StringComparison.Ordinal)
    && !body.Contains("John_Smith", StringComparison.OrdinalIgnoreCase));

var rejected = await meta.SendAsync(PixelId, purchase with { Customer = new CustomerInformation { Email = "jane@example.com" } });
Check("an event without the website's user agent is rejected at user_data.client_user_agent, nothing sent",
    rejected.Status == ConversionStatus.Rejected && rejected.Errors.Any(e => e.Path == "user_data.client_user_agent")
    && rejected.Delivery is null);
var thrown = false;
try
{
    rejected.EnsureSent();
}
catch (ConversionsApiException exception) when (exception.Result == rejected)
{
    thrown = true;
}

Check("EnsureSent throws ConversionsApiException carrying the result", thrown);
return failures == 0 ? 0 : 1;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
