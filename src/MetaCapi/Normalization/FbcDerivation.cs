using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MetaCapi.Normalization;

/// <summary>
/// Builds the click ID <c>fbc</c> from the <c>fbclid</c> query parameter of the page URL when no <c>_fbc</c>
/// cookie was given (docs/normalization.md#fbc-from-fbclid): <c>fb.1.&lt;event time in ms&gt;.&lt;fbclid&gt;</c>. Subdomain index
/// 1 is what Meta asks for when the value is made on the server. The caller decides when to use it and warns that
/// the value was derived.
/// </summary>
internal static class FbcDerivation
{
    private const string Parameter = "fbclid";
    private const long MaximumSeconds = long.MaxValue / 1000;

    /// <summary>
    /// Derives <c>fbc</c> from the first <c>fbclid</c> parameter in the query of <paramref name="eventSourceUrl"/>.
    /// The fbclid is kept exactly as Meta asks (case and characters unchanged); only URL percent-escapes are
    /// decoded, as a browser's <c>URLSearchParams</c> would, since they are the URL's transport encoding and not part
    /// of the click ID (real click IDs contain none). The fragment is ignored.
    /// </summary>
    /// <param name="eventSourceUrl">The page URL, e.g. <c>https://shop.example/p?fbclid=IwAR…</c>.</param>
    /// <param name="eventTimeSeconds">The event's <c>event_time</c> (Unix seconds); the fbc carries it in milliseconds.</param>
    /// <param name="fbc">The derived value, which passes the same <c>fb.&lt;digit&gt;.&lt;digits&gt;.&lt;value&gt;</c> check as a given fbc.</param>
    /// <returns>Whether the URL carried a usable, non-empty fbclid.</returns>
    public static bool TryDerive(string? eventSourceUrl, long eventTimeSeconds, [NotNullWhen(true)] out string? fbc)
    {
        fbc = null;
        if (string.IsNullOrEmpty(eventSourceUrl) || eventTimeSeconds is <= 0 or > MaximumSeconds)
        {
            return false;
        }

        var url = eventSourceUrl.AsSpan();
        var fragment = url.IndexOf('#');
        if (fragment >= 0)
        {
            url = url[..fragment];
        }

        var question = url.IndexOf('?');
        if (question < 0)
        {
            return false;
        }

        var query = url[(question + 1)..];
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (!name.SequenceEqual(Parameter))
            {
                continue;
            }

            var raw = equals < 0 ? default : pair[(equals + 1)..];
            if (raw.IsEmpty)
            {
                return false;
            }

            var fbclid = Uri.UnescapeDataString(raw.ToString());
            var candidate = string.Create(CultureInfo.InvariantCulture, $"fb.1.{eventTimeSeconds * 1000}.{fbclid}");
            if (!CookieRule.IsValid(candidate))
            {
                return false;
            }

            fbc = candidate;
            return true;
        }

        return false;
    }
}
