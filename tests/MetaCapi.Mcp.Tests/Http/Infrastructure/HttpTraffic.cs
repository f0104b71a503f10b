using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests.Http.Infrastructure;

/// <summary>
/// An HTTP client handler that keeps a copy of every response a test received, status line, headers and body (read
/// through as the client reads it, so streamed answers are kept whole), for the leak scan: no key, token, secret or
/// raw customer data may appear in anything the server answered.
/// </summary>
public sealed class HttpTraffic : DelegatingHandler
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public HttpTraffic(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

    /// <summary>Everything the server answered so far, as text.</summary>
    public string Transcript() => string.Join("\n", _exchanges.Select(e => e.ToString()));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var exchange = new Exchange(request.Method.Method, request.RequestUri?.AbsolutePath ?? "", response.StatusCode, Headers(response));
        _exchanges.Enqueue(exchange);
        if (response.Content is { } content)
        {
            var body = await content.ReadAsStreamAsync(cancellationToken);
            var copy = new StreamContent(new CopyingStream(body, exchange));
            foreach (var header in content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
        }

        return response;
    }

    private static string Headers(HttpResponseMessage response) =>
        string.Join("\n", response.Headers.Concat(response.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));

    /// <summary>One request and its response, as received so far.</summary>
    public sealed class Exchange(string method, string path, HttpStatusCode status, string headers)
    {
        private readonly MemoryStream _body = new();
        private readonly Lock _gate = new();

        public string Method => method;

        public string Path => path;

        public HttpStatusCode Status => status;

        public string Headers => headers;

        public string Body
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(_body.GetBuffer(), 0, (int)_body.Length);
                }
            }
        }

        internal void Keep(ReadOnlySpan<byte> bytes)
        {
            lock (_gate)
            {
                _body.Write(bytes);
            }
        }

        public override string ToString() => $"{method} {path} -> {(int)status}\n{headers}\n{Body}";
    }

    private sealed class CopyingStream(Stream inner, Exchange exchange) : ObservedReadStream(inner)
    {
        protected override void Observe(ReadOnlySpan<byte> read) => exchange.Keep(read);
    }
}
