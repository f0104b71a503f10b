using MetaCapi.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MetaCapi.Tests.Graph;

public sealed class ConversionsApiSettingsTests
{
    private const string Token = "EAAJZCsecretTokenValue0123456789abcdefZZ";
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Nothing_set_gives_the_documented_defaults_and_no_error()
    {
        var read = ConversionsApiSettings.Read(Config());

        Assert.True(read.IsValid);
        var o = read.Options;
        Assert.Null(o.AccessToken);
        Assert.Null(o.AppSecret);
        Assert.Equal("v25.0", o.GraphApiVersion);
        Assert.Equal(new Uri("https://graph.facebook.com"), o.GraphBaseUrl);
        Assert.Null(o.TestEventCode);
        Assert.Null(o.DefaultCountry);
        Assert.Equal(3, o.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(10), o.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), o.TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), o.RetryBaseDelay);
    }

    [Fact]
    public void Every_variable_is_read_by_its_exact_name()
    {
        var read = ConversionsApiSettings.Read(Config(
            ("META_ACCESS_TOKEN", Token),
            ("META_APP_SECRET", Secret),
            ("META_GRAPH_API_VERSION", "v26.0"),
            ("META_GRAPH_BASE_URL", "http://127.0.0.1:8080/graph"),
            ("META_TEST_EVENT_CODE", "TEST4242"),
            ("META_DEFAULT_COUNTRY", "gb"),
            ("META_HTTP_MAX_ATTEMPTS", "5"),
            ("META_HTTP_TIMEOUT_SECONDS", "2.5"),
            ("META_HTTP_TOTAL_TIMEOUT_SECONDS", "45"),
            ("META_HTTP_RETRY_BASE_DELAY_SECONDS", "0.01")));

        Assert.Empty(read.Errors);
        var o = read.Options;
        Assert.Equal(Token, o.AccessToken);
        Assert.Equal(Secret, o.AppSecret);
        Assert.Equal("v26.0", o.GraphApiVersion);
        Assert.Equal(new Uri("http://127.0.0.1:8080/graph"), o.GraphBaseUrl);
        Assert.Equal("TEST4242", o.TestEventCode);
        Assert.Equal("GB", o.DefaultCountry);
        Assert.Equal(5, o.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), o.TotalTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(10), o.RetryBaseDelay);
    }

    [Theory]
    [InlineData("META_ACCESS_TOKEN")]
    [InlineData("META_APP_SECRET")]
    [InlineData("META_GRAPH_API_VERSION")]
    [InlineData("META_GRAPH_BASE_URL")]
    [InlineData("META_TEST_EVENT_CODE")]
    [InlineData("META_DEFAULT_COUNTRY")]
    [InlineData("META_HTTP_MAX_ATTEMPTS")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS")]
    public void An_empty_or_white_space_value_counts_as_unset(string variable)
    {
        var defaults = ConversionsApiSettings.Read(Config()).Options;

        foreach (var blank in new[] { "", "   ", "\t" })
        {
            var read = ConversionsApiSettings.Read(Config((variable, blank)));

            Assert.Empty(read.Errors);
            Assert.Equal(Describe(defaults), Describe(read.Options));
        }
    }

    [Theory]
    [InlineData("META_GRAPH_API_VERSION", " v24.0 ", "v24.0")]
    [InlineData("META_GRAPH_API_VERSION", "v100.12", "v100.12")]
    [InlineData("META_DEFAULT_COUNTRY", "us", "US")]
    [InlineData("META_DEFAULT_COUNTRY", "De", "DE")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "1", "1")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "10", "10")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "0.5", "00:00:00.5000000")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "600", "00:10:00")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "0.01", "00:00:00.0100000")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "3600", "01:00:00")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS", "0", "00:00:00")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS", ".25", "00:00:00.2500000")]
    [InlineData("META_GRAPH_BASE_URL", "https://proxy.example/graph/", "https://proxy.example/graph/")]
    public void Valid_values_are_accepted(string variable, string value, string expected)
    {
        var read = ConversionsApiSettings.Read(Config((variable, value)));

        Assert.Empty(read.Errors);
        Assert.Equal(expected, ValueOf(read.Options, variable));
    }

    [Theory]
    [InlineData("META_GRAPH_API_VERSION", "v25")]
    [InlineData("META_GRAPH_API_VERSION", "25.0")]
    [InlineData("META_GRAPH_API_VERSION", "V25.0")]
    [InlineData("META_GRAPH_API_VERSION", "v25.0.1")]
    [InlineData("META_GRAPH_API_VERSION", "v25.")]
    [InlineData("META_GRAPH_API_VERSION", "v.0")]
    [InlineData("META_GRAPH_API_VERSION", "v２５.0")]
    [InlineData("META_GRAPH_BASE_URL", "graph.facebook.com")]
    [InlineData("META_GRAPH_BASE_URL", "/relative/path")]
    [InlineData("META_GRAPH_BASE_URL", "ftp://graph.facebook.com")]
    [InlineData("META_GRAPH_BASE_URL", "https://graph.facebook.com/?x=1")]
    [InlineData("META_GRAPH_BASE_URL", "https://graph.facebook.com/#frag")]
    [InlineData("META_DEFAULT_COUNTRY", "USA")]
    [InlineData("META_DEFAULT_COUNTRY", "U")]
    [InlineData("META_DEFAULT_COUNTRY", "1A")]
    [InlineData("META_DEFAULT_COUNTRY", "ÜS")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "0")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "11")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "-1")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "+3")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "2.5")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "three")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "0")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "-1")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "601")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "1,5")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "1e1")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "NaN")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "Infinity")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "10s")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "0.001")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "3601")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "abc")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS", "61")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS", "-0.5")]
    public void An_invalid_value_gives_one_line_naming_the_variable_and_keeps_the_default(string variable, string value)
    {
        var defaults = Describe(ConversionsApiSettings.Read(Config()).Options);

        var read = ConversionsApiSettings.Read(Config((variable, value)));

        var error = Assert.Single(read.Errors);
        Assert.False(read.IsValid);
        Assert.StartsWith(variable + ":", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.Contains("use", error, StringComparison.Ordinal);
        Assert.Equal(defaults, Describe(read.Options));
    }

    [Theory]
    [InlineData("META_GRAPH_BASE_URL", "ftp://user:hunter2@graph.example")]
    [InlineData("META_GRAPH_BASE_URL", "https://graph.example/?access_token=hunter2")]
    [InlineData("META_GRAPH_BASE_URL", "not a url hunter2")]
    public void Url_values_are_never_echoed(string variable, string value)
    {
        var error = Assert.Single(ConversionsApiSettings.Read(Config((variable, value))).Errors);

        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("graph.example", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("META_GRAPH_API_VERSION")]
    [InlineData("META_DEFAULT_COUNTRY")]
    [InlineData("META_HTTP_MAX_ATTEMPTS")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS")]
    public void The_token_or_app_secret_pasted_into_another_variable_is_never_echoed(string variable)
    {
        foreach (var pasted in new[] { Token, Secret, Token[..12], Secret[..8] })
        {
            var read = ConversionsApiSettings.Read(Config(
                ("META_ACCESS_TOKEN", Token),
                ("META_APP_SECRET", Secret),
                (variable, pasted)));

            var error = Assert.Single(read.Errors);
            Assert.StartsWith(variable, error, StringComparison.Ordinal);
            Assert.DoesNotContain(pasted, error, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, error, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_short_harmless_value_is_quoted_to_help_the_user()
    {
        var error = Assert.Single(ConversionsApiSettings.Read(Config(("META_GRAPH_API_VERSION", "v25"))).Errors);

        Assert.Contains("'v25'", error, StringComparison.Ordinal);
        Assert.Contains("v25.0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_invalid_values_are_all_reported()
    {
        var read = ConversionsApiSettings.Read(Config(
            ("META_GRAPH_API_VERSION", "latest"),
            ("META_HTTP_MAX_ATTEMPTS", "0"),
            ("META_DEFAULT_COUNTRY", "Germany")));

        Assert.Equal(3, read.Errors.Count);
        Assert.Equal(read.Errors, ConversionsApiOptions.Validate(Config(
            ("META_GRAPH_API_VERSION", "latest"),
            ("META_HTTP_MAX_ATTEMPTS", "0"),
            ("META_DEFAULT_COUNTRY", "Germany"))));
    }

    [Fact]
    public void A_country_table_check_can_be_plugged_in()
    {
        var read = ConversionsApiSettings.Read(Config(("META_DEFAULT_COUNTRY", "xx")), code => code is "US" or "GB");

        var error = Assert.Single(read.Errors);
        Assert.StartsWith("META_DEFAULT_COUNTRY", error, StringComparison.Ordinal);
        Assert.Null(read.Options.DefaultCountry);
        Assert.Empty(ConversionsApiSettings.Read(Config(("META_DEFAULT_COUNTRY", "gb")), code => code is "US" or "GB").Errors);
        Assert.Single(ConversionsApiOptions.Validate(Config(("META_DEFAULT_COUNTRY", "xx")), code => code is "US" or "GB"));
        Assert.Empty(ConversionsApiOptions.Validate(Config(("META_DEFAULT_COUNTRY", "xx"))));
    }

    [Fact]
    public void Registration_from_configuration_fails_at_start_with_the_variable_named()
    {
        var services = new ServiceCollection();
        services.AddMetaConversionsApi(Config(("META_HTTP_TIMEOUT_SECONDS", "soon"), ("META_ACCESS_TOKEN", Token)));
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value);

        var message = Assert.Single(failure.Failures);
        Assert.StartsWith("META_HTTP_TIMEOUT_SECONDS", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_from_configuration_reads_every_value()
    {
        var services = new ServiceCollection();
        services.AddMetaConversionsApi(Config(("META_ACCESS_TOKEN", Token), ("META_HTTP_MAX_ATTEMPTS", "7")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value;

        Assert.Equal(Token, options.AccessToken);
        Assert.Equal(7, options.MaxAttempts);
        Assert.NotNull(provider.GetRequiredService<ConversionsApiClient>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Options_set_in_code_are_checked_at_start_with_the_same_rules()
    {
        var services = new ServiceCollection();
        services.AddMetaConversionsApi(o =>
        {
            o.AccessToken = Token;
            o.GraphApiVersion = "25";
            o.GraphBaseUrl = new Uri("file:///etc/passwd");
            o.DefaultCountry = "usa";
            o.MaxAttempts = 0;
            o.AttemptTimeout = TimeSpan.Zero;
            o.TotalTimeout = TimeSpan.FromHours(2);
            o.RetryBaseDelay = TimeSpan.FromSeconds(-1);
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value);

        string[] variables =
        [
            "META_GRAPH_API_VERSION", "META_GRAPH_BASE_URL", "META_DEFAULT_COUNTRY", "META_HTTP_MAX_ATTEMPTS",
            "META_HTTP_TIMEOUT_SECONDS", "META_HTTP_TOTAL_TIMEOUT_SECONDS", "META_HTTP_RETRY_BASE_DELAY_SECONDS",
        ];
        Assert.Equal(variables, failure.Failures.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]));
        Assert.DoesNotContain(Token, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("passwd", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_country_set_in_code_is_kept_in_upper_case_and_blank_means_unset()
    {
        Assert.Equal("DE", OptionsSetInCode(o => o.DefaultCountry = " de ").DefaultCountry);
        Assert.Null(OptionsSetInCode(o => o.DefaultCountry = "  ").DefaultCountry);
    }

    [Fact]
    public void The_variable_list_names_all_eleven_settings()
    {
        Assert.Equal(11, ConversionsApiSettings.VariableNames.Count);
        Assert.Contains("META_PIXEL_TOKENS_FILE", ConversionsApiSettings.VariableNames);
        Assert.All(ConversionsApiSettings.VariableNames, n => Assert.StartsWith("META_", n, StringComparison.Ordinal));
    }

    private static ConversionsApiOptions OptionsSetInCode(Action<ConversionsApiOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddMetaConversionsApi(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value;
    }

    [Fact]
    public void A_pixel_tokens_file_gives_each_listed_pixel_its_token_and_the_others_the_default()
    {
        using var file = new TempFile($$"""{"1111111111": "{{Token}}-one", "2222222222": " {{Token}}-two "}""");

        var read = ConversionsApiSettings.Read(Config(("META_PIXEL_TOKENS_FILE", file.Path), ("META_ACCESS_TOKEN", Token)));

        Assert.Empty(read.Errors);
        Assert.Equal(Token + "-one", read.Options.AccessTokenFor("1111111111"));
        Assert.Equal(Token + "-two", read.Options.AccessTokenFor("2222222222"));
        Assert.Equal(Token, read.Options.AccessTokenFor("3333333333"));
        Assert.True(read.Options.HasAnyAccessToken);
        Assert.Null(ConversionsApiSettings.Read(Config(("META_PIXEL_TOKENS_FILE", file.Path))).Options.AccessTokenFor("3333333333"));
    }

    [Theory]
    [InlineData(null, "the file does not exist")]
    [InlineData("[\"EAAJZCsecretTokenValue0123456789abcdefZZ\"]", "Expected a JSON object of pixel ID")]
    [InlineData("{\"my-pixel\": \"EAAJZCsecretTokenValue0123456789abcdefZZ\"}", "entry 1: the name is not a pixel ID")]
    [InlineData("{\"1111111111\": 42}", "pixel 1111111111: the token must be a non-empty string")]
    [InlineData("{\"1111111111\": \"EAAJZCsecretTokenValue0123456789abcdefZZ\"", "the file is not valid JSON")]
    public void A_bad_pixel_tokens_file_is_one_error_naming_the_variable_never_a_token(string? content, string expected)
    {
        using var file = new TempFile(content);

        var read = ConversionsApiSettings.Read(Config(("META_PIXEL_TOKENS_FILE", file.Path)));

        var error = Assert.Single(read.Errors);
        Assert.StartsWith("META_PIXEL_TOKENS_FILE: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error, StringComparison.Ordinal);
        Assert.DoesNotContain(file.Path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_overlaps_a_pixel_token_is_never_quoted_in_an_error()
    {
        using var file = new TempFile($$"""{"1111111111": "{{Token}}"}""");

        var read = ConversionsApiSettings.Read(Config(("META_PIXEL_TOKENS_FILE", file.Path), ("META_GRAPH_API_VERSION", Token[..20])));

        Assert.DoesNotContain(Token[..20], Assert.Single(read.Errors), StringComparison.Ordinal);
    }

    /// <summary>A file with <c>content</c> (none at all when null) that is deleted afterwards.</summary>
    private sealed class TempFile : IDisposable
    {
        public TempFile(string? content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pixel-tokens-{Guid.NewGuid():N}.json");
            if (content is not null)
            {
                File.WriteAllText(Path, content);
            }
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private static string? ValueOf(ConversionsApiOptions o, string variable) => variable switch
    {
        "META_GRAPH_API_VERSION" => o.GraphApiVersion,
        "META_GRAPH_BASE_URL" => o.GraphBaseUrl.AbsoluteUri,
        "META_DEFAULT_COUNTRY" => o.DefaultCountry,
        "META_HTTP_MAX_ATTEMPTS" => o.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "META_HTTP_TIMEOUT_SECONDS" => o.AttemptTimeout.ToString(),
        "META_HTTP_TOTAL_TIMEOUT_SECONDS" => o.TotalTimeout.ToString(),
        "META_HTTP_RETRY_BASE_DELAY_SECONDS" => o.RetryBaseDelay.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(variable)),
    };

    private static string Describe(ConversionsApiOptions o) =>
        string.Join('|', o.AccessToken, o.AppSecret, o.GraphApiVersion, o.GraphBaseUrl, o.TestEventCode, o.DefaultCountry,
            o.MaxAttempts, o.AttemptTimeout, o.TotalTimeout, o.RetryBaseDelay);
}
