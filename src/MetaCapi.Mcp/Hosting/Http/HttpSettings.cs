using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace MetaCapi.Mcp.Hosting.Http;

/// <summary>How the HTTP server keeps (or not) a session for clients that use the <c>initialize</c> handshake.</summary>
internal enum SessionMode
{
    /// <summary>2026-07-28 clients are served per request; 2025-era clients get a session (sticky routing needed).</summary>
    Hybrid,

    /// <summary>Every client is served per request, whatever its protocol version: no session, no stickiness.</summary>
    Stateless,
}

/// <summary>
/// The settings of <c>metacapi-mcp http</c> (<c>META_MCP_*</c>, read like the <c>META_*</c> ones: environment,
/// <c>appsettings.json</c>, command line), checked at start-up: every problem is one line naming the setting, and
/// none quotes a key or a token. The README's "Run it as a remote server" documents each.
/// </summary>
internal sealed record HttpSettings
{
    public const string ApiKeysFileVariable = "META_MCP_API_KEYS_FILE";
    public const string OAuthAuthorityVariable = "META_MCP_OAUTH_AUTHORITY";
    public const string OAuthAudienceVariable = "META_MCP_OAUTH_AUDIENCE";
    public const string AllowedOriginsVariable = "META_MCP_ALLOWED_ORIGINS";
    public const string RateLimitVariable = "META_MCP_RATE_LIMIT_PER_MINUTE";
    public const string SessionModeVariable = "META_MCP_SESSION_MODE";
    public const string RequestTimeoutVariable = "META_MCP_REQUEST_TIMEOUT_SECONDS";

    /// <summary>Where <c>metacapi-mcp http</c> listens without <c>--urls</c>: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Request bodies above this size are refused with 413.</summary>
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    /// <summary>How long SIGTERM waits for the calls in flight.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public IReadOnlyList<Uri> Urls { get; init; } = [new Uri(DefaultUrl)];

    /// <summary>The API keys (<see cref="ApiKeysFileVariable"/>); empty when none are configured.</summary>
    public IReadOnlyList<ApiKey> ApiKeys { get; init; } = [];

    /// <summary>The OAuth issuer (<see cref="OAuthAuthorityVariable"/>); <see langword="null"/> without OAuth.</summary>
    public Uri? OAuthAuthority { get; init; }

    /// <summary>This server's resource URL, the audience tokens must carry (<see cref="OAuthAudienceVariable"/>).</summary>
    public Uri? OAuthAudience { get; init; }

    /// <summary>The origins (<c>scheme://host[:port]</c>, lower case) a browser may call from; any other Origin gets 403.</summary>
    public IReadOnlySet<string> AllowedOrigins { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Requests per caller and minute; 0 turns the limit off.</summary>
    public int RateLimitPerMinute { get; init; } = 600;

    public SessionMode SessionMode { get; init; } = SessionMode.Hybrid;

    /// <summary>Bound on one HTTP request (a tool call included); 504 after it.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public bool UsesOAuth => OAuthAuthority is not null;

    public bool UsesApiKeys => ApiKeys.Count > 0;

    public bool IsAuthenticated => UsesOAuth || UsesApiKeys;

    /// <summary>Whether every address the server listens on is a loopback one (only this machine can call it).</summary>
    public bool IsLoopbackOnly => Urls.All(IsLoopback);

    /// <summary>The settings, and one line per problem (empty when the server may start).</summary>
    public static (HttpSettings Settings, IReadOnlyList<string> Errors) Read(IConfiguration configuration, IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(urls);
        var errors = new List<string>();
        var settings = new HttpSettings();

        var parsedUrls = new List<Uri>();
        foreach (var url in urls.Count == 0 ? [DefaultUrl] : urls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0)
            {
                parsedUrls.Add(uri);
            }
            else
            {
                errors.Add($"--urls: '{Shorten(url)}' is not an address to listen on; use the form http://127.0.0.1:8080 or http://0.0.0.0:8080 (scheme, host, port, no path).");
            }
        }

        settings = settings with { Urls = parsedUrls };

        if (Value(configuration, ApiKeysFileVariable) is { } keysFile)
        {
            var (keys, keyErrors) = ApiKeysFile.Read(keysFile);
            errors.AddRange(keyErrors);
            settings = settings with { ApiKeys = keys };
        }

        var authority = Value(configuration, OAuthAuthorityVariable);
        var audience = Value(configuration, OAuthAudienceVariable);
        if (authority is not null || audience is not null)
        {
            var authorityUri = AbsoluteHttpUrl(authority);
            var audienceUri = AbsoluteHttpUrl(audience);
            if (authority is null || audience is null)
            {
                errors.Add($"{(authority is null ? OAuthAuthorityVariable : OAuthAudienceVariable)}: not set. OAuth needs both " +
                           $"{OAuthAuthorityVariable} (the issuer, e.g. https://login.example.com/tenant) and {OAuthAudienceVariable} " +
                           "(this server's resource URL, e.g. https://mcp.example.com/mcp).");
            }
            else if (authorityUri is null)
            {
                errors.Add($"{OAuthAuthorityVariable}: not an absolute http(s) URL; use the issuer's URL, e.g. https://login.example.com/tenant.");
            }
            else if (authorityUri.Scheme != Uri.UriSchemeHttps && !IsLoopback(authorityUri))
            {
                errors.Add($"{OAuthAuthorityVariable}: must use https (its discovery document and signing keys decide who gets in); " +
                           "http is accepted only for a loopback issuer such as http://127.0.0.1:5001.");
            }
            else if (audienceUri is null)
            {
                errors.Add($"{OAuthAudienceVariable}: not an absolute http(s) URL; use this server's public URL, e.g. https://mcp.example.com/mcp.");
            }
            else
            {
                settings = settings with { OAuthAuthority = authorityUri, OAuthAudience = audienceUri };
            }
        }

        if (Value(configuration, AllowedOriginsVariable) is { } originsText)
        {
            var origins = new HashSet<string>(StringComparer.Ordinal);
            foreach (var origin in originsText.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (NormalizeOrigin(origin) is { } normalized)
                {
                    origins.Add(normalized);
                }
                else
                {
                    errors.Add($"{AllowedOriginsVariable}: '{Shorten(origin)}' is not an origin; list origins as scheme://host[:port] " +
                               "separated by commas, e.g. https://app.example.com,http://localhost:6274.");
                }
            }

            settings = settings with { AllowedOrigins = origins };
        }

        if (Value(configuration, RateLimitVariable) is { } rateText)
        {
            if (int.TryParse(rateText, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate <= 1_000_000)
            {
                settings = settings with { RateLimitPerMinute = rate };
            }
            else
            {
                errors.Add($"{RateLimitVariable}: '{Shorten(rateText)}' is not a number of requests; use a whole number from 0 (no limit) to 1000000.");
            }
        }

        if (Value(configuration, SessionModeVariable) is { } modeText)
        {
            if (Enum.TryParse<SessionMode>(modeText, ignoreCase: true, out var mode) && !modeText.Any(char.IsDigit))
            {
                settings = settings with { SessionMode = mode };
            }
            else
            {
                errors.Add($"{SessionModeVariable}: '{Shorten(modeText)}' is not a session mode; use hybrid (default) or stateless.");
            }
        }

        if (Value(configuration, RequestTimeoutVariable) is { } timeoutText)
        {
            if (double.TryParse(timeoutText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600)
            {
                settings = settings with { RequestTimeout = TimeSpan.FromSeconds(seconds) };
            }
            else
            {
                errors.Add($"{RequestTimeoutVariable}: '{Shorten(timeoutText)}' is not a valid number of seconds; use a number from 1 to 3600.");
            }
        }

        if (errors.Count == 0 && !settings.IsAuthenticated && !settings.IsLoopbackOnly)
        {
            errors.Add($"Refusing to listen on {string.Join(", ", settings.Urls.Where(u => !IsLoopback(u)).Select(u => u.GetLeftPart(UriPartial.Authority)))} " +
                       $"without authentication: anyone who reaches it could send events with this server's Meta tokens. Set {ApiKeysFileVariable} " +
                       $"(API keys) or {OAuthAuthorityVariable} and {OAuthAudienceVariable} (OAuth), or listen on a loopback address only " +
                       $"(--urls {DefaultUrl}).");
        }

        return (settings, errors);
    }

    /// <summary><c>scheme://host[:port]</c> in lower case without a default port, or <see langword="null"/>.</summary>
    public static string? NormalizeOrigin(string? origin)
    {
        if (origin is null
            || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="url"/> names this machine only (localhost, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsLoopback || (IPAddress.TryParse(url.IdnHost, out var address) && IPAddress.IsLoopback(address));
    }

    private static Uri? AbsoluteHttpUrl(string? value) =>
        value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri
            : null;

    private static string? Value(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>A value quoted in an error line, cut short and without control characters (these settings hold no secrets).</summary>
    private static string Shorten(string value)
    {
        var clean = new string([.. value.Where(c => !char.IsControl(c))]);
        return clean.Length <= 60 ? clean : string.Concat(clean.AsSpan(0, 57), "...");
    }
}
