namespace MetaCapi.Graph;

/// <summary>One answer of the Graph API, buffered, so it can be reported after the pipeline disposed the response.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="MediaType">The media type of <c>Content-Type</c>, without parameters.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="RetryAfter">The wait <c>Retry-After</c> asks for, if sent.</param>
/// <param name="TraceHeader">The <c>x-fb-trace-id</c> header, if sent.</param>
internal sealed record ResponseSnapshot(int Status, string? MediaType, byte[] Body, TimeSpan? RetryAfter, string? TraceHeader)
{
    /// <summary>The most of a body that is read; a larger answer fails the attempt.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public const string TraceHeaderName = "x-fb-trace-id";

    /// <summary>Buffers the body of <paramref name="response"/> (it stays readable) and takes the facts.</summary>
    public static async Task<ResponseSnapshot> CaptureAsync(
        HttpResponseMessage response,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new ResponseSnapshot(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            body,
            RetryAfterOf(response, now),
            TraceHeaderOf(response));
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

    private static string? TraceHeaderOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(TraceHeaderName, out var values) ? values.FirstOrDefault() : null;
}
