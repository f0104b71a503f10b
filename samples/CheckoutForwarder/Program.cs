// CheckoutForwarder: the browser Pixel tracks a purchase with fbq('track', 'Purchase', {...}, {eventID: 'order-1001'})
// and posts the checkout here; this app forwards the same purchase to Meta's Conversions API with the same event_id,
// so Meta counts it once, and with what only the server sees reliably: the client's IP address, its user agent and
// the _fbp and _fbc cookies. Settings: META_ACCESS_TOKEN and META_PIXEL_ID (environment or appsettings.json).
using System.Text.Json;
using System.Text.Json.Serialization;
using CheckoutForwarder;
using MetaCapi.Graph;
using Microsoft.AspNetCore.HttpOverrides;

var builder = WebApplication.CreateBuilder(args);

// The client, its options (META_ACCESS_TOKEN, META_TEST_EVENT_CODE, ...; checked at start-up) and its retries.
builder.Services.AddMetaConversionsApi(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, CheckoutJsonContext.Default);
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
});

// Behind a reverse proxy the client's address is in X-Forwarded-For: trust it from the proxies you run (by default
// only a proxy on the same machine), never from anyone, or a visitor could send any address as theirs.
builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

var app = builder.Build();
app.UseForwardedHeaders();

var pixelId = app.Configuration["META_PIXEL_ID"];
if (string.IsNullOrWhiteSpace(pixelId))
{
    throw new InvalidOperationException("Set META_PIXEL_ID to your Meta Pixel (dataset) ID, from Events Manager → Data sources.");
}

// POST /checkout forwards the purchase; POST /checkout?dryRun=true shows the exact body Meta would receive and sends nothing.
app.MapPost("/checkout", async (Checkout checkout, bool? dryRun, HttpRequest request, ConversionsApiClient meta,
    TimeProvider clock, CancellationToken cancellationToken) =>
{
    var purchase = checkout.ToConversionEvent(request, clock.GetUtcNow());
    var result = dryRun == true
        ? meta.Preview(pixelId, purchase)
        : await meta.SendAsync(pixelId, purchase, cancellationToken);

    // Your checkout should not fail because Meta did: log the result and answer the order as usual. This sample
    // answers with the forwarding result itself, to show what it holds.
    var answer = ForwardingAnswer.From(result);
    return result.Status switch
    {
        ConversionStatus.Rejected => Results.UnprocessableEntity(answer),
        ConversionStatus.Failed => Results.Json(answer, CheckoutJsonContext.Default.ForwardingAnswer, statusCode: StatusCodes.Status502BadGateway),
        _ => Results.Ok(answer),
    };
});

app.Run();
