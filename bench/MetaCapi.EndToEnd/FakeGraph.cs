using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetaCapi.EndToEnd;

/// <summary>
/// A Graph API that answers at once: <c>POST /{version}/{pixel}/events</c> gets 200 with <c>events_received</c> = the
/// number of items in <c>data</c>. It records when each request's headers arrived (the "request out" moment of a call)
/// and how many requests and events it saw.
/// </summary>
internal sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _lastArrival;
    private long _requests;
    private long _events;

    private FakeGraph(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the last request's headers arrived.</summary>
    public long LastArrival => Interlocked.Read(ref _lastArrival);

    public long Requests => Interlocked.Read(ref _requests);

    public long Events => Interlocked.Read(ref _events);

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var graph = new FakeGraph(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Exchange(ref graph._lastArrival, Stopwatch.GetTimestamp());
            await next(context).ConfigureAwait(false);
        });
        app.MapPost("/{version}/{pixel}/events", async (HttpContext context) =>
        {
            var count = await CountEventsAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
            Interlocked.Increment(ref graph._requests);
            Interlocked.Add(ref graph._events, count);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"events_received\":{count},\"messages\":[],\"fbtrace_id\":\"BenchTrace\"}}")
                .ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        graph.Url = app.Urls.First();
        return graph;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    /// <summary>The number of items of the top-level <c>data</c> array, read as a stream of tokens.</summary>
    private static async Task<int> CountEventsAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var reader = new Utf8JsonReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var count = 0;
        var inData = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inData = reader.ValueTextEquals("data");
            }
            else if (inData && reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject)
            {
                count++;
                reader.Skip();
            }
        }

        return count;
    }
}
