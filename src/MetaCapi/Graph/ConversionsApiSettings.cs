using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MetaCapi.Graph;

/// <summary>
/// The <c>META_*</c> settings (README.md#configuration, docs/architecture.md#configuration) and the one reader that turns them into <see cref="ConversionsApiOptions"/>.
/// Read by hand, key by key (no reflection binding: the server ships as Native AOT). An empty or white-space value
/// counts as unset; values are trimmed; numbers use the invariant culture.
/// </summary>
internal static class ConversionsApiSettings
{
    /// <summary>Conversions API access token. Never printed.</summary>
    public const string AccessToken = "META_ACCESS_TOKEN";

    /// <summary>App secret; when set, requests carry <c>appsecret_proof</c>. Never printed.</summary>
    public const string AppSecret = "META_APP_SECRET";

    /// <summary>
    /// A JSON file of pixel ID → token, for a server that sends for several pixels with their own tokens; pixels it does
    /// not list use <see cref="AccessToken"/>. The tokens are never printed.
    /// </summary>
    public const string PixelTokensFile = "META_PIXEL_TOKENS_FILE";

    /// <summary>Graph API version, e.g. <c>v25.0</c>.</summary>
    public const string GraphApiVersion = "META_GRAPH_API_VERSION";

    /// <summary>Base URL of the Graph API (proxies, tests).</summary>
    public const string GraphBaseUrl = "META_GRAPH_BASE_URL";

    /// <summary>Default <c>test_event_code</c>.</summary>
    public const string TestEventCode = "META_TEST_EVENT_CODE";

    /// <summary>ISO 3166-1 alpha-2 region for phones written without a country code.</summary>
    public const string DefaultCountry = "META_DEFAULT_COUNTRY";

    /// <summary>Attempts per request, first one included (1 to 10).</summary>
    public const string HttpMaxAttempts = "META_HTTP_MAX_ATTEMPTS";

    /// <summary>Timeout of one attempt, in seconds.</summary>
    public const string HttpTimeoutSeconds = "META_HTTP_TIMEOUT_SECONDS";

    /// <summary>Bound on one delivery, retries and waits included, in seconds.</summary>
    public const string HttpTotalTimeoutSeconds = "META_HTTP_TOTAL_TIMEOUT_SECONDS";

    /// <summary>Advanced: base of the exponential wait between attempts, in seconds (default 1; tests use less).</summary>
    public const string HttpRetryBaseDelaySeconds = "META_HTTP_RETRY_BASE_DELAY_SECONDS";

    /// <summary>Every variable the reader looks at, in the order of the README's Configuration table (the advanced one last).</summary>
    public static IReadOnlyList<string> VariableNames { get; } =
    [
        AccessToken, AppSecret, PixelTokensFile, GraphApiVersion, GraphBaseUrl, TestEventCode, DefaultCountry,
        HttpMaxAttempts, HttpTimeoutSeconds, HttpTotalTimeoutSeconds, HttpRetryBaseDelaySeconds,
    ];

    /// <summary>
    /// Reads the <c>META_*</c> variables. Unset variables keep their defaults; an invalid value keeps the default
    /// too and adds one line to <see cref="ConversionsApiSettingsResult.Errors"/> that names the variable, says what
    /// was wrong and what is accepted. No error line contains the token, the app secret or a URL value.
    /// </summary>
    /// <param name="configuration">The configuration (environment variables, appsettings, command line).</param>
    /// <param name="isKnownCountry">
    /// Optional check of <c>META_DEFAULT_COUNTRY</c> against the ISO 3166-1 table (given the upper-case code);
    /// without it only the shape (two ASCII letters) is checked.
    /// </param>
    public static ConversionsApiSettingsResult Read(IConfiguration configuration, Func<string, bool>? isKnownCountry = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var options = new ConversionsApiOptions
        {
            AccessToken = ValueOf(configuration, AccessToken),
            AppSecret = ValueOf(configuration, AppSecret),
            TestEventCode = ValueOf(configuration, TestEventCode),
        };
        var errors = new List<string>();

        if (ValueOf(configuration, PixelTokensFile) is { } tokensFile)
        {
            var (tokens, error) = PixelTokens.Read(tokensFile);
            Apply(error, () => options.PixelAccessTokens = tokens, errors);
        }

        if (ValueOf(configuration, GraphApiVersion) is { } version)
        {
            Apply(OptionRules.VersionError(version, options), () => options.GraphApiVersion = version, errors);
        }

        if (ValueOf(configuration, GraphBaseUrl) is { } url)
        {
            var uri = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
            Apply(OptionRules.BaseUrlError(uri), () => options.GraphBaseUrl = uri!, errors);
        }

        if (ValueOf(configuration, DefaultCountry) is { } country)
        {
            Apply(
                OptionRules.CountryError(country, options, isKnownCountry),
                () => options.DefaultCountry = country.ToUpperInvariant(),
                errors);
        }

        if (ValueOf(configuration, HttpMaxAttempts) is { } attemptsText)
        {
            if (int.TryParse(attemptsText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
                && OptionRules.MaxAttemptsError(attempts, options) is null)
            {
                options.MaxAttempts = attempts;
            }
            else
            {
                errors.Add(OptionRules.MaxAttemptsMessage(OptionRules.Show(attemptsText, options)));
            }
        }

        ReadSeconds(configuration, OptionRules.AttemptTimeoutRange, options, errors, v => options.AttemptTimeout = v);
        ReadSeconds(configuration, OptionRules.TotalTimeoutRange, options, errors, v => options.TotalTimeout = v);
        ReadSeconds(configuration, OptionRules.RetryBaseDelayRange, options, errors, v => options.RetryBaseDelay = v);

        options.ConfigurationErrors = errors;
        return new ConversionsApiSettingsResult(options, errors);
    }

    private static void Apply(string? error, Action assign, List<string> errors)
    {
        if (error is null)
        {
            assign();
        }
        else
        {
            errors.Add(error);
        }
    }

    private static void ReadSeconds(
        IConfiguration configuration,
        OptionRules.SecondsRange range,
        ConversionsApiOptions options,
        List<string> errors,
        Action<TimeSpan> assign)
    {
        if (ValueOf(configuration, range.Variable) is not { } text)
        {
            return;
        }

        // Digits and one decimal point only: no sign, exponent, thousands separator, NaN or infinity.
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= range.Min.TotalSeconds
            && seconds <= range.Max.TotalSeconds)
        {
            assign(TimeSpan.FromSeconds(seconds));
        }
        else
        {
            errors.Add(range.Message(OptionRules.Show(text, options)));
        }
    }

    private static string? ValueOf(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}

/// <summary>What <see cref="ConversionsApiSettings.Read"/> found.</summary>
/// <param name="Options">The options: defaults, overridden by every valid value.</param>
/// <param name="Errors">One line per invalid value, naming the variable; empty when all are valid.</param>
internal sealed record ConversionsApiSettingsResult(ConversionsApiOptions Options, IReadOnlyList<string> Errors)
{
    /// <summary>Whether every variable was valid.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>The rules of each setting, shared by the reader and the start-up validation of the options object.</summary>
internal static class OptionRules
{
    public static readonly SecondsRange AttemptTimeoutRange =
        new(ConversionsApiSettings.HttpTimeoutSeconds, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(600));

    public static readonly SecondsRange TotalTimeoutRange =
        new(ConversionsApiSettings.HttpTotalTimeoutSeconds, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3600));

    public static readonly SecondsRange RetryBaseDelayRange =
        new(ConversionsApiSettings.HttpRetryBaseDelaySeconds, TimeSpan.Zero, TimeSpan.FromSeconds(60));

    private const int MaxShownLength = 24;

    public static IReadOnlyList<string> Validate(ConversionsApiOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        Add(errors, VersionError(options.GraphApiVersion, options));
        Add(errors, BaseUrlError(options.GraphBaseUrl));
        if (options.DefaultCountry is { } country)
        {
            Add(errors, CountryError(country, options, isKnownCountry: null));
        }

        Add(errors, MaxAttemptsError(options.MaxAttempts, options));
        Add(errors, AttemptTimeoutRange.Error(options.AttemptTimeout));
        Add(errors, TotalTimeoutRange.Error(options.TotalTimeout));
        Add(errors, RetryBaseDelayRange.Error(options.RetryBaseDelay));
        return errors;
    }

    public static string? VersionError(string? version, ConversionsApiOptions secrets) =>
        IsVersion(version)
            ? null
            : $"{ConversionsApiSettings.GraphApiVersion}: {Show(version, secrets)} is not a Graph API version; " +
              "use the form v25.0 ('v', digits, a dot, digits).";

    public static string? BaseUrlError(Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return $"{ConversionsApiSettings.GraphBaseUrl}: the value is not an absolute http or https URL " +
                   "(not shown: it may carry credentials); use e.g. https://graph.facebook.com.";
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return $"{ConversionsApiSettings.GraphBaseUrl}: the URL has a query string or fragment " +
                   "(not shown: it may carry credentials); use a base URL without them, e.g. https://graph.facebook.com.";
        }

        return null;
    }

    public static string? CountryError(string country, ConversionsApiOptions secrets, Func<string, bool>? isKnownCountry)
    {
        if (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
        {
            return $"{ConversionsApiSettings.DefaultCountry}: {Show(country, secrets)} is not an ISO 3166-1 alpha-2 " +
                   "country code; use two letters such as US, GB or DE.";
        }

        if (isKnownCountry is not null && !isKnownCountry(country.ToUpperInvariant()))
        {
            return $"{ConversionsApiSettings.DefaultCountry}: {Show(country, secrets)} is not an assigned ISO 3166-1 " +
                   "alpha-2 country code; use two letters such as US, GB or DE.";
        }

        return null;
    }

    public static string? MaxAttemptsError(int attempts, ConversionsApiOptions secrets) =>
        attempts is >= 1 and <= 10
            ? null
            : MaxAttemptsMessage(Show(attempts.ToString(CultureInfo.InvariantCulture), secrets));

    public static string MaxAttemptsMessage(string shown) =>
        $"{ConversionsApiSettings.HttpMaxAttempts}: {shown} is not a valid number of attempts; use a whole number " +
        "from 1 to 10 (attempts per request, the first one included; 1 = no retry).";

    /// <summary>
    /// A value quoted for an error line, unless it might be (part of) the token or the app secret, is long, or holds
    /// control characters: then only its length is given.
    /// </summary>
    public static string Show(string? value, ConversionsApiOptions secrets)
    {
        if (value is null)
        {
            return "an empty value";
        }

        var safe = value.Length <= MaxShownLength
                   && !value.Any(char.IsControl)
                   && !Overlaps(value, secrets.AccessToken)
                   && !Overlaps(value, secrets.AppSecret)
                   && !secrets.PixelAccessTokens.Values.Any(token => Overlaps(value, token));
        return safe ? $"'{value}'" : $"the value ({value.Length} characters, not shown)";
    }

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static bool Overlaps(string value, string? secret) =>
        !string.IsNullOrEmpty(secret)
        && value.Length > 0
        && (secret.Contains(value, StringComparison.Ordinal) || value.Contains(secret, StringComparison.Ordinal));

    private static bool IsVersion(string? version)
    {
        // ^v\d+\.\d+$ with ASCII digits only.
        if (version is null || version.Length < 4 || version[0] != 'v')
        {
            return false;
        }

        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return dot > 1
               && dot < version.Length - 1
               && !version.AsSpan(1, dot - 1).ContainsAnyExceptInRange('0', '9')
               && !version.AsSpan(dot + 1).ContainsAnyExceptInRange('0', '9');
    }

    private static void Add(List<string> errors, string? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }

    /// <summary>The accepted range of a setting in seconds, and its error line.</summary>
    public sealed record SecondsRange(string Variable, TimeSpan Min, TimeSpan Max)
    {
        public string? Error(TimeSpan value) =>
            value >= Min && value <= Max ? null : Message($"'{Seconds(value)}'");

        public string Message(string shown) =>
            $"{Variable}: {shown} is not a valid number of seconds; use a number from {Seconds(Min)} to {Seconds(Max)}, " +
            "decimals such as 0.5 allowed ('.' as the decimal point).";
    }
}
