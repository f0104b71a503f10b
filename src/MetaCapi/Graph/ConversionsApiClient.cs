using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace MetaCapi.Graph;

/// <summary>
/// Sends events to the Conversions API: <c>POST {base}/{version}/{pixel_id}/events</c> with a JSON body, the access
/// token in the body only; and reads what Meta made of them (<see cref="GetDatasetQualityAsync"/>,
/// <see cref="GetEventStatsAsync"/>). A typed <see cref="HttpClient"/>: register it with <c>AddMetaConversionsApi</c>,
/// which adds the resilience pipeline (timeouts, retries) every request of this class goes through.
/// </summary>
/// <remarks>
/// Two levels, as in the Azure SDKs: <see cref="SendAsync(string, ConversionEvent, CancellationToken)"/>,
/// <see cref="Preview(string, ConversionEvent, Graph.EventRequestOptions)"/> and their batch forms take events with raw
/// customer data and run the whole pipeline (validate, normalize and hash, send) into one <see cref="ConversionResult"/>;
/// <see cref="SendAsync(string, EventRequest, CancellationToken)"/> posts a request already prepared. The client is
/// thread-safe and may be kept by a singleton or a hosted service.
/// </remarks>
public sealed partial class ConversionsApiClient
{
    private const int MaxPixelIdLength = 20;

    private const string MissingTokenMessage =
        "No Conversions API access token is configured for this pixel: set ConversionsApiOptions.AccessToken or " +
        "META_ACCESS_TOKEN, or list the pixel in ConversionsApiOptions.PixelAccessTokens or META_PIXEL_TOKENS_FILE " +
        "(generate a token in Events Manager → your dataset → Settings → Conversions API → Generate access token).";

    private readonly HttpClient _httpClient;
    private readonly ConversionsApiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EventPreparer _preparer;

    /// <summary>
    /// Creates the client (normally done by <c>AddMetaConversionsApi</c>). A client made by hand has none of the
    /// registration's timeouts and retries unless <paramref name="httpClient"/> brings its own.
    /// </summary>
    /// <param name="httpClient">The HTTP client, with the pipeline of <c>AddMetaConversionsApi</c>.</param>
    /// <param name="options">Token, app secret, version, base URL, default test code, default country.</param>
    /// <param name="timeProvider">The clock the pipeline uses too; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="logger">Receives keys and counts only: pixel ID, event count, attempts, HTTP status, Graph code, fbtrace_id.</param>
    public ConversionsApiClient(
        HttpClient httpClient,
        IOptions<ConversionsApiOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<ConversionsApiClient>? logger = null)
        : this(httpClient, options, timeProvider, logger, preparer: null)
    {
    }

    /// <summary>The client with the registration's <see cref="EventPreparer"/> (one shared with the MCP server's tools).</summary>
    /// <param name="httpClient">The HTTP client, with the pipeline of <c>AddMetaConversionsApi</c>.</param>
    /// <param name="options">Token, app secret, version, base URL, default test code, default country.</param>
    /// <param name="timeProvider">The clock the pipeline uses too; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="logger">Receives keys and counts only.</param>
    /// <param name="preparer">
    /// The pipeline that validates, normalizes and hashes events; if null, one is made from
    /// <paramref name="timeProvider"/> and <see cref="ConversionsApiOptions.DefaultCountry"/>.
    /// </param>
    internal ConversionsApiClient(
        HttpClient httpClient,
        IOptions<ConversionsApiOptions> options,
        TimeProvider? timeProvider,
        ILogger<ConversionsApiClient>? logger,
        EventPreparer? preparer)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ConversionsApiClient>.Instance;
        _preparer = preparer ?? new EventPreparer(_timeProvider, _options.DefaultCountry);
    }

    /// <summary>
    /// Posts <paramref name="request"/> to the pixel's <c>/events</c> edge, with retries as configured, and reports
    /// what happened. <c>access_token</c> comes from the options (the pixel's own token from
    /// <see cref="ConversionsApiOptions.PixelAccessTokens"/>, else <see cref="ConversionsApiOptions.AccessToken"/>), and <c>appsecret_proof</c> too when an app secret
    /// is set (whatever <paramref name="request"/> carries in those fields); a request without
    /// <c>test_event_code</c> gets <see cref="ConversionsApiOptions.TestEventCode"/>.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 ASCII digits.</param>
    /// <param name="request">The body: 1 to 1000 events, ready to send (normalized and hashed).</param>
    /// <param name="cancellationToken">Stops the delivery; no attempt starts after it is cancelled.</param>
    /// <returns>
    /// <see cref="DeliveryStatus.Sent"/> on HTTP 2xx; otherwise <see cref="DeliveryStatus.Failed"/>, also when
    /// the total timeout runs out or the retries are exhausted (never an exception for those).
    /// </returns>
    /// <exception cref="ArgumentException">The pixel ID is not 1 to 20 digits, or the request holds no events or too many.</exception>
    /// <exception cref="InvalidOperationException">
    /// No access token is configured for the pixel (<c>META_ACCESS_TOKEN</c>, <c>META_PIXEL_TOKENS_FILE</c>).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DeliveryResult> SendAsync(string pixelId, EventRequest request, CancellationToken cancellationToken = default)
    {
        CheckPixelId(pixelId);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Data is not { Count: > 0 and <= EventRequest.MaxEvents })
        {
            throw new ArgumentException($"The request must hold 1 to {EventRequest.MaxEvents} events.", nameof(request));
        }

        var token = AccessTokenFor(pixelId);
        cancellationToken.ThrowIfCancellationRequested();

        var payload = request with
        {
            AccessToken = token,
            AppSecretProof = string.IsNullOrEmpty(_options.AppSecret) ? null : ComputeAppSecretProof(_options.AppSecret, token),
            TestEventCode = request.TestEventCode ?? _options.TestEventCode,
        };
        var content = BodyContent.Write(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var message = new HttpRequestMessage(HttpMethod.Post, EventsUri(pixelId)) { Content = content };
        var tracker = new DeliveryTracker(pixelId, request.Data.Count, _timeProvider.GetTimestamp());
        var redactor = new Redactor(token, _options.AppSecret);

        GraphLog.Sending(_logger, request.Data.Count, pixelId, payload.TestEventCode is not null);

        DeliveryResult result;
        try
        {
            (result, _) = await ExchangeAsync(message, tracker, redactor, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            GraphLog.Cancelled(_logger, pixelId, tracker.Attempts);
            throw;
        }

        LogResult(pixelId, request.Data.Count, result);
        return result;
    }

    /// <summary>
    /// Sends <paramref name="message"/> through the pipeline (retries, timeouts) and reports what happened, with the last
    /// answer buffered (null when none came). Timeouts and network failures become a failed result, never an exception;
    /// the caller's cancellation is thrown.
    /// </summary>
    private async Task<(DeliveryResult Result, ResponseSnapshot? Response)> ExchangeAsync(
        HttpRequestMessage message, DeliveryTracker tracker, Redactor redactor, CancellationToken cancellationToken)
    {
        message.Options.Set(DeliveryTracker.Key, tracker);
        try
        {
            using var response = await _httpClient
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);

            // The attempt handler has buffered and recorded this answer; without it (a client built by hand) read it here.
            var snapshot = tracker.Attempts > 0 && tracker.LastResponse is { } recorded
                ? recorded
                : await ResponseSnapshot.CaptureAsync(response, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return (DeliveryResultFactory.FromResponse(snapshot, Math.Max(tracker.Attempts, 1), tracker, redactor), snapshot);
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or HttpRequestException or IOException or SocketException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var result = exception is OperationCanceledException
                ? new DeliveryResult
                {
                    Status = DeliveryStatus.Failed,
                    Attempts = tracker.Attempts,
                    TransportError = "The request was cancelled before an answer came, though not by the caller " +
                                     "(is HttpClient.Timeout set below the pipeline's timeouts?).",
                }
                : DeliveryResultFactory.FromException(exception, tracker.Attempts, tracker, _options, redactor);
            return (result, null);
        }
    }

    /// <summary>
    /// The access token to use for <paramref name="pixelId"/>: its own (<see cref="ConversionsApiOptions.PixelAccessTokens"/>),
    /// else the default one.
    /// </summary>
    /// <exception cref="InvalidOperationException">No access token is configured for the pixel.</exception>
    private string AccessTokenFor(string pixelId) =>
        _options.AccessTokenFor(pixelId) ?? throw new InvalidOperationException(MissingTokenMessage);

    /// <summary><c>appsecret_proof</c>: lowercase hex HMAC-SHA256 with key = app secret and message = access token.</summary>
    internal static string ComputeAppSecretProof(string appSecret, string accessToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken)));

    private static void CheckPixelId(string pixelId)
    {
        ArgumentNullException.ThrowIfNull(pixelId);
        if (pixelId.Length is 0 or > MaxPixelIdLength || pixelId.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("The pixel ID must be 1 to 20 ASCII digits.", nameof(pixelId));
        }
    }

    private Uri EventsUri(string pixelId)
    {
        var baseUrl = _options.GraphBaseUrl.AbsoluteUri.TrimEnd('/');
        return new Uri($"{baseUrl}/{_options.GraphApiVersion}/{pixelId}/events", UriKind.Absolute);
    }

    private void LogResult(string pixelId, int eventCount, DeliveryResult result)
    {
        if (result is { Status: DeliveryStatus.Sent, EventsReceived: { } received })
        {
            GraphLog.Sent(_logger, pixelId, received, eventCount, result.HttpStatus, result.Attempts, result.FbtraceId);
        }
        else if (result.Status == DeliveryStatus.Sent)
        {
            GraphLog.SentWithoutCount(_logger, pixelId, eventCount, result.HttpStatus, result.Attempts, result.FbtraceId);
        }
        else if (result.TransportError is { } transportError)
        {
            GraphLog.Failed(_logger, pixelId, eventCount, transportError);
        }
        else
        {
            GraphLog.Refused(
                _logger,
                pixelId,
                eventCount,
                result.Attempts,
                result.HttpStatus,
                result.Error?.Code,
                result.Error?.Subcode,
                result.FbtraceId);
        }
    }
}

/// <summary>
/// The request body, written with a <see cref="Utf8JsonWriter"/> into chunks of 64 KB from the shared array pool (below
/// the large object heap's threshold, so a body of a megabyte is neither one large allocation nor a buffer grown and
/// copied), and sent chunk by chunk. A large batch is written on all cores: each writes the events of its part, and the
/// parts are joined in order between the envelope's brackets, giving the same bytes as writing it whole. The chunks go
/// back to the pool when the content is disposed (the request message owns it): nothing of the body outlives the
/// delivery. A single value larger than a chunk (a custom property of megabytes) gets an array of its own, not pooled.
/// </summary>
internal sealed class BodyContent : HttpContent
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Batches of at least this many events are written on all cores.</summary>
    private const int ParallelEvents = 64;

    private readonly List<Chunk> _chunks = [];
    private long _length;
    private bool _disposed;

    private BodyContent()
    {
    }

    /// <summary>The body of <paramref name="payload"/>, exactly as <see cref="MetaCapiJsonContext"/> serializes it.</summary>
    public static BodyContent Write(EventRequest payload)
    {
        var content = new BodyContent();
        try
        {
            var parts = Math.Min(Environment.ProcessorCount, payload.Data.Count / (ParallelEvents / 2));
            if (parts < 2 || !TryWriteInParts(content, payload, parts))
            {
                using var json = new Utf8JsonWriter(new ChunkWriter(content));
                JsonSerializer.Serialize(json, payload, MetaCapiJsonContext.Default.EventRequest);
            }

            return content;
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the envelope without events (<c>{"data":[],…}</c>) and, in <paramref name="parts"/> parallel parts, the
    /// events between its brackets. False (nothing written) when the envelope does not start with its events.
    /// </summary>
    private static bool TryWriteInParts(BodyContent content, EventRequest payload, int parts)
    {
        var envelope = JsonSerializer.SerializeToUtf8Bytes(payload with { Data = [] }, MetaCapiJsonContext.Default.EventRequest);
        var opening = "{\"data\":["u8;
        if (!envelope.AsSpan().StartsWith(opening) || envelope.Length <= opening.Length || envelope[opening.Length] != (byte)']')
        {
            return false;
        }

        var events = payload.Data;
        var written = new BodyContent[parts];
        try
        {
            Parallel.For(0, parts, part =>
            {
                var start = events.Count * part / parts;
                var end = events.Count * (part + 1) / parts;
                var partContent = written[part] = new BodyContent();
                using var json = new Utf8JsonWriter(new ChunkWriter(partContent));
                json.WriteStartArray();
                for (var i = start; i < end; i++)
                {
                    JsonSerializer.Serialize(json, events[i], MetaCapiJsonContext.Default.ServerEvent);
                }

                json.WriteEndArray();
            });
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
        {
            Release(written);
            ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]);
            throw;
        }

        // Each part is "[e,…,e]": without its brackets, joined by commas inside the envelope's.
        content.Append(opening);
        for (var part = 0; part < parts; part++)
        {
            if (part > 0)
            {
                content.Append(","u8);
            }

            content.Take(written[part], skipFirst: 1, skipLast: 1);
        }

        content.Append(envelope.AsSpan(opening.Length));
        return true;
    }

    private static void Release(BodyContent?[] contents)
    {
        foreach (var part in contents)
        {
            part?.Dispose();
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var chunk in _chunks)
        {
            await stream.WriteAsync(chunk.Array.AsMemory(chunk.Start, chunk.Length), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            foreach (var chunk in _chunks)
            {
                if (chunk.Array.Length == ChunkBytes)
                {
                    ArrayPool<byte>.Shared.Return(chunk.Array);
                }
            }

            _chunks.Clear();
        }

        base.Dispose(disposing);
    }

    /// <summary>Copies <paramref name="bytes"/> to the end of the body.</summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        var writer = new ChunkWriter(this);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    /// <summary>Moves the chunks of <paramref name="part"/> to the end of the body, without its first and last bytes.</summary>
    private void Take(BodyContent part, int skipFirst, int skipLast)
    {
        var chunks = part._chunks;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (i == 0)
            {
                chunk.Start += skipFirst;
                chunk.Length -= skipFirst;
            }

            if (i == chunks.Count - 1)
            {
                chunk.Length -= skipLast;
            }

            _chunks.Add(chunk);
            _length += chunk.Length;
        }

        chunks.Clear();
        part.Dispose();
    }

    /// <summary>An array, where its bytes start and how many there are.</summary>
    private struct Chunk(byte[] array)
    {
        public readonly byte[] Array = array;
        public int Start;
        public int Length;
    }

    /// <summary>Hands the <see cref="Utf8JsonWriter"/> the free end of the last chunk, or a new chunk.</summary>
    private sealed class ChunkWriter(BodyContent content) : IBufferWriter<byte>
    {
        public void Advance(int count)
        {
            var chunks = content._chunks;
            var last = chunks[^1];
            last.Length += count;
            chunks[^1] = last;
            content._length += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Free(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Free(sizeHint).Span;

        private Memory<byte> Free(int sizeHint)
        {
            var chunks = content._chunks;
            var needed = Math.Max(sizeHint, 1);
            if (chunks.Count > 0)
            {
                var last = chunks[^1];
                var end = last.Start + last.Length;
                if (last.Array.Length - end >= needed)
                {
                    return last.Array.AsMemory(end);
                }
            }

            var array = needed <= ChunkBytes ? ArrayPool<byte>.Shared.Rent(ChunkBytes) : new byte[needed];
            chunks.Add(new Chunk(array));
            return array;
        }
    }
}
