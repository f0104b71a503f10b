using Microsoft.Extensions.Configuration;

namespace MetaCapi.Graph;

/// <summary>
/// Settings of <see cref="ConversionsApiClient"/>. <c>AddMetaConversionsApi(configuration)</c> reads them from the
/// <c>META_*</c> variables named on each property (environment variables or configuration keys), or set them in code;
/// both are checked at start-up by <c>AddMetaConversionsApi</c>. <see cref="object.ToString"/> never shows the token or the app secret.
/// </summary>
public sealed class ConversionsApiOptions
{
    /// <summary>The Graph API version used unless configured (<c>v25.0</c>).</summary>
    public const string DefaultGraphApiVersion = "v25.0";

    /// <summary>The Graph API address used unless configured.</summary>
    public static readonly Uri DefaultGraphBaseUrl = new("https://graph.facebook.com", UriKind.Absolute);

    /// <summary>
    /// Conversions API access token (<c>META_ACCESS_TOKEN</c>). Sent in the request body only; never logged or
    /// reported. Not needed to start; sending without it throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Tokens per pixel (<c>META_PIXEL_TOKENS_FILE</c>, a JSON object of pixel ID → token), for a server that sends
    /// for several businesses: a pixel listed here is sent with its own token, any other with
    /// <see cref="AccessToken"/>. Never logged or reported. See <see cref="AccessTokenFor"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> PixelAccessTokens { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// App secret (<c>META_APP_SECRET</c>). When set, every request carries <c>appsecret_proof</c>, the lowercase hex
    /// HMAC-SHA256 of the token keyed with this secret. Never sent, logged or reported itself.
    /// </summary>
    public string? AppSecret { get; set; }

    /// <summary>Graph API version (<c>META_GRAPH_API_VERSION</c>), matching <c>^v\d+\.\d+$</c>; default <c>v25.0</c>.</summary>
    public string GraphApiVersion { get; set; } = DefaultGraphApiVersion;

    /// <summary>
    /// Base URL of the Graph API (<c>META_GRAPH_BASE_URL</c>): an absolute http(s) URL without query or fragment;
    /// default <c>https://graph.facebook.com</c>. A path is kept (a proxy at <c>https://proxy/graph</c> works).
    /// </summary>
    public Uri GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;

    /// <summary>
    /// Default <c>test_event_code</c> (<c>META_TEST_EVENT_CODE</c>): <see cref="ConversionsApiClient.SendAsync(string, Events.EventRequest, CancellationToken)"/>
    /// puts it in requests that carry none, routing them to Events Manager → Test Events.
    /// </summary>
    public string? TestEventCode { get; set; }

    /// <summary>
    /// ISO 3166-1 alpha-2 region (<c>META_DEFAULT_COUNTRY</c>, two ASCII letters, kept upper case) for phone numbers
    /// written without a country code when <c>user_data.country</c> is absent.
    /// </summary>
    public string? DefaultCountry { get; set; }

    /// <summary>Attempts per request, the first one included, 1 to 10 (<c>META_HTTP_MAX_ATTEMPTS</c>); default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Timeout of one attempt, body included (<c>META_HTTP_TIMEOUT_SECONDS</c>); default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on one delivery, retries and waits included (<c>META_HTTP_TOTAL_TIMEOUT_SECONDS</c>); default 30 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Base of the exponential, jittered wait between attempts (<c>META_HTTP_RETRY_BASE_DELAY_SECONDS</c>, an
    /// advanced setting, mostly for tests); default 1 s. A <c>Retry-After</c> from Meta replaces it.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The problems of the <c>META_*</c> variables in <paramref name="configuration"/>, one line each (naming the
    /// variable, never showing the token, the app secret or a URL); empty when all are valid. Shorthand for
    /// <see cref="ConversionsApiSettings.Read"/>.
    /// </summary>
    /// <param name="configuration">The configuration to check.</param>
    /// <param name="isKnownCountry">
    /// Optional check of <c>META_DEFAULT_COUNTRY</c> against the ISO 3166-1 table; without it only the shape (two
    /// ASCII letters) is checked.
    /// </param>
    internal static IReadOnlyList<string> Validate(IConfiguration configuration, Func<string, bool>? isKnownCountry = null) =>
        ConversionsApiSettings.Read(configuration, isKnownCountry).Errors;

    /// <summary>
    /// The token a request for <paramref name="pixelId"/> is sent with: the pixel's own from
    /// <see cref="PixelAccessTokens"/>, else <see cref="AccessToken"/>; <see langword="null"/> when neither is set.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID.</param>
    internal string? AccessTokenFor(string pixelId)
    {
        ArgumentNullException.ThrowIfNull(pixelId);
        var token = PixelAccessTokens.TryGetValue(pixelId, out var own) ? own : AccessToken;
        return string.IsNullOrWhiteSpace(token) ? null : token;
    }

    /// <summary>Whether any token is configured, for one pixel or for all.</summary>
    internal bool HasAnyAccessToken => !string.IsNullOrWhiteSpace(AccessToken) || PixelAccessTokens.Count > 0;

    /// <summary>Problems found while reading the <c>META_*</c> variables, reported by the start-up validation.</summary>
    internal IReadOnlyList<string> ConfigurationErrors { get; set; } = [];

    internal void CopyTo(ConversionsApiOptions target)
    {
        target.AccessToken = AccessToken;
        target.PixelAccessTokens = PixelAccessTokens;
        target.AppSecret = AppSecret;
        target.GraphApiVersion = GraphApiVersion;
        target.GraphBaseUrl = GraphBaseUrl;
        target.TestEventCode = TestEventCode;
        target.DefaultCountry = DefaultCountry;
        target.MaxAttempts = MaxAttempts;
        target.AttemptTimeout = AttemptTimeout;
        target.TotalTimeout = TotalTimeout;
        target.RetryBaseDelay = RetryBaseDelay;
        target.ConfigurationErrors = ConfigurationErrors;
    }
}
