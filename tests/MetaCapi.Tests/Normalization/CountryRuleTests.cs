using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>country</c>: ISO 3166-1 alpha-2, from codes, alpha-3 codes and English names (docs/normalization.md#country).</summary>
public sealed class CountryRuleTests
{
    [Theory]
    [InlineData("US", "us")]
    [InlineData("us", "us")]
    [InlineData(" De ", "de")]
    [InlineData("U.S.", "us")]
    [InlineData("GB", "gb")]
    [InlineData("AX", "ax")]
    public void ISO_alpha_2_code_is_kept(string input, string expected) => AssertRead(input, expected);

    [Theory]
    [InlineData("United States", "us")]
    [InlineData("UNITED STATES OF AMERICA", "us")]
    [InlineData("USA", "us")]
    [InlineData("U.S.A.", "us")]
    [InlineData("United Kingdom", "gb")]
    [InlineData("Great Britain", "gb")]
    [InlineData("England", "gb")]
    [InlineData("Scotland", "gb")]
    [InlineData("Wales", "gb")]
    [InlineData("Northern Ireland", "gb")]
    [InlineData("Germany", "de")]
    [InlineData("DEU", "de")]
    [InlineData("gbr", "gb")]
    [InlineData("IND", "in")]
    [InlineData("South Korea", "kr")]
    [InlineData("Korea, Republic of", "kr")]
    [InlineData("North Korea", "kp")]
    [InlineData("Russia", "ru")]
    [InlineData("Russian Federation", "ru")]
    [InlineData("Vietnam", "vn")]
    [InlineData("Viet Nam", "vn")]
    [InlineData("C\u00F4te d'Ivoire", "ci")]
    [InlineData("Cote d\u2019Ivoire", "ci")]
    [InlineData("Ivory Coast", "ci")]
    [InlineData("T\u00FCrkiye", "tr")]
    [InlineData("Turkey", "tr")]
    [InlineData("Cura\u00E7ao", "cw")]
    [InlineData("Curacao", "cw")]
    [InlineData("R\u00E9union", "re")]
    [InlineData("\u00C5land Islands", "ax")]
    [InlineData("Congo", "cg")]
    [InlineData("DR Congo", "cd")]
    [InlineData("Democratic Republic of the Congo", "cd")]
    [InlineData("Czech Republic", "cz")]
    [InlineData("Czechia", "cz")]
    [InlineData("The Netherlands", "nl")]
    [InlineData("Holland", "nl")]
    [InlineData("Bolivia", "bo")]
    [InlineData("Iran", "ir")]
    [InlineData("Laos", "la")]
    [InlineData("Syria", "sy")]
    [InlineData("Taiwan", "tw")]
    [InlineData("Macau", "mo")]
    [InlineData("Eswatini", "sz")]
    [InlineData("Swaziland", "sz")]
    [InlineData("North Macedonia", "mk")]
    [InlineData("Cape Verde", "cv")]
    [InlineData("US Virgin Islands", "vi")]
    [InlineData("British Virgin Islands", "vg")]
    [InlineData("St. Lucia", "lc")]
    [InlineData("UAE", "ae")]
    public void English_name_alias_or_alpha_3_code_becomes_alpha_2(string input, string expected) => AssertRead(input, expected);

    [Theory]
    [InlineData("UK")]
    [InlineData("uk")]
    [InlineData("U.K.")]
    public void UK_becomes_gb_with_a_warning(string input)
    {
        var result = CountryRule.Normalize(JsText.NfcLower(input));
        Assert.Equal("gb", result.Value);
        Assert.Equal(CountryRule.UnitedKingdom, result.Warning);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("XK")]
    [InlineData("EU")]
    [InlineData("Narnia")]
    [InlineData("U")]
    [InlineData("Germ")]
    [InlineData("Germany Berlin")]
    [InlineData("Virgin Islands")]
    [InlineData("123")]
    [InlineData("\u0414\u0435\u0443\u0442\u0441\u0447\u043B\u0430\u043D\u0434")]
    [InlineData("ABC")]
    public void Anything_else_is_dropped_never_truncated(string input)
    {
        var result = CountryRule.Normalize(JsText.NfcLower(input));
        Assert.Null(result.Value);
        Assert.Equal(CountryRule.Unknown, result.Warning);
    }

    [Fact]
    public void Very_long_input_is_dropped() =>
        Assert.Null(CountryRule.Normalize(new string('a', 10_000)).Value);

    [Fact]
    public void Country_name_is_sent_as_its_code_hash_without_warning()
    {
        var (data, diagnostics) = Run(("country", "Germany"));
        Assert.Equal([Hash("de")], data.Country);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Public_reader_matches_the_rule()
    {
        Assert.True(Countries.TryNormalize("Great Britain", out var code));
        Assert.Equal("gb", code);
        Assert.True(Countries.TryNormalize("uk", out code));
        Assert.Equal("gb", code);
        Assert.False(Countries.TryNormalize("Atlantis", out code));
        Assert.Null(code);
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("gb", true)]
    [InlineData("Gb", true)]
    [InlineData("UK", false)]
    [InlineData("XK", false)]
    [InlineData("USA", false)]
    [InlineData("U.", false)]
    [InlineData("", false)]
    public void IsIsoCode_accepts_only_ISO_alpha_2_codes(string code, bool expected) =>
        Assert.Equal(expected, Countries.IsIsoCode(code));

    private static void AssertRead(string input, string expected)
    {
        var result = CountryRule.Normalize(JsText.NfcLower(JsText.Trim(input)));
        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }
}
