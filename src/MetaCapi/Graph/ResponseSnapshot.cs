using System.Buffers;
using System.Net.Http.Headers;

namespace MetaCapi.Graph;

/// <summary>
/// One answer of the Graph API, buffered, so it can be reported after the pipeline disposed the response. An answer
/// whose body could not be read whole (larger than <see cref="MaxBodyBytes"/>, a compressed body that does not
/// decompress, a connection that closed mid-body) is still an answer: its status counts, its body is empty and
/// <see cref="BodyProblem"/> says why.
/// </summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="MediaType">The media type of <c>Content-Type</c>, without parameters.</param>
/// <param name="Body">The body bytes; empty when <see cref="BodyProblem"/> is set.</param>
/// <param name="RetryAfter">The wait <c>Retry-After</c> asks for, if sent.</param>
/// <param name="TraceHeader">The <c>x-fb-trace-id</c> header, if sent.</param>
internal sealed record ResponseSnapshot(int Status, string? MediaType, byte[] Body, TimeSpan? RetryAfter, string? TraceHeader)
{
    /// <summary>The most of a body that is read (after decompression): Meta's answers are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string TraceHeaderName = "x-fb-trace-id";

    /// <summary>Why the body could not be read whole (lower case, for messages), or null when it was.</summary>
    public string? BodyProblem { get; init; }

    /// <summary>
    /// Buffers the body of <paramref name="response"/> (at most <see cref="MaxBodyBytes"/>) and takes the facts, then
    /// replaces the response's content with the buffered bytes, so nothing downstream reads from the network again.
    /// Cancellation (the caller, or the attempt's timeout) is rethrown: a body that stalls is a timed-out attempt.
    /// </summary>
    public static async Task<ResponseSnapshot> CaptureAsync(
        HttpResponseMessage response,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var content = response.Content;
        var mediaType = content.Headers.ContentType?.MediaType;
        var (body, problem) = await ReadBodyAsync(content, cancellationToken).ConfigureAwait(false);

        var buffered = new ByteArrayContent(body);
        foreach (var header in content.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(header.Key, "Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = buffered;
        content.Dispose();

        return new ResponseSnapshot((int)response.StatusCode, mediaType, body, RetryAfterOf(response, now), TraceHeaderOf(response))
        {
            BodyProblem = problem,
        };
    }

    /// <summary>
    /// The wait <c>Retry-After</c> asks for: delta-seconds as given, an HTTP date as the time from
    /// <paramref name="now"/> (zero if already past).
    /// </summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; a larger or unreadable body gives no bytes and a reason.</summary>
    private static async Task<(byte[] Body, string? Problem)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxBodyBytes && content.Headers.ContentEncoding.Count == 0)
        {
            return ([], TooLarge(content.Headers));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBodyBytes)
                    {
                        return ([], TooLarge(content.Headers));
                    }

                    var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBodyBytes + 1) - length), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBodyBytes)
                {
                    return ([], TooLarge(content.Headers));
                }
            }

            return (buffer.AsSpan(0, length).ToArray(), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidDataException)
        {
            // An IOException includes a decompression stream that meets invalid data; cancellation is not caught.
            return ([], exception is InvalidDataException || exception.InnerException is InvalidDataException
                ? "a compressed body that could not be decompressed"
                : "a body that could not be read to its end (the connection failed while reading it)");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string TooLarge(HttpContentHeaders headers)
    {
        var limit = $"larger than the {MaxBodyBytes / (1024 * 1024)} MB read limit";
        return headers.ContentEncoding.Count > 0
            ? $"a {string.Join("/", headers.ContentEncoding)}-compressed body {limit} once decompressed"
            : $"a body {limit}";
    }

    private static string? TraceHeaderOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(TraceHeaderName, out var values) ? values.FirstOrDefault() : null;
}
