using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>ph</c>: E.164 digits through libphonenumber, with a digits-only fallback that warns (docs/normalization.md#ph).</summary>
public sealed class PhoneRuleTests
{
    [Theory]
    [InlineData("+44 (0)20 7946 0958", null, "442079460958")]
    [InlineData("+44 (0)20 7946 0958", "US", "442079460958")]
    [InlineData("+1 (650) 555-1212", null, "16505551212")]
    [InlineData("+16505551212", "GB", "16505551212")]
    [InlineData("+1 650 555 1212 x12", null, "16505551212")]
    [InlineData("+33 1 23 45 67 89", null, "33123456789")]
    [InlineData("+\u0664\u0664 20 7946 0958", null, "442079460958")]
    [InlineData("(+44) 20 7946 0958", null, "442079460958")]
    [InlineData("(+44) (0)20 7946 0958", "US", "442079460958")]
    [InlineData("( +44) 20 7946 0958", null, "442079460958")]
    [InlineData("[ ( 0044 ) ] 20 7946 0958", "US", "442079460958")]
    [InlineData("[0044] (0)20 7946 0958", "US", "442079460958")]
    public void Phone_with_plus_becomes_E164_digits_whatever_the_region(string input, string? region, string expected) =>
        AssertAccepted(input, region, expected);

    [Theory]
    [InlineData("0044 20 7946 0958", null, "442079460958")]
    [InlineData("0044 20 7946 0958", "US", "442079460958")]
    [InlineData("001 650 555 1212", "US", "16505551212")]
    [InlineData("001-650-555-1212", null, "16505551212")]
    [InlineData("0044 (0)20 7946 0958", "FR", "442079460958")]
    [InlineData("(0044) 20 7946 0958", null, "442079460958")]
    public void Phone_with_leading_00_is_read_as_international(string input, string? region, string expected) =>
        AssertAccepted(input, region, expected);

    [Theory]
    [InlineData("(650) 555-1212", "US", "16505551212")]
    [InlineData("650.555.1212", "US", "16505551212")]
    [InlineData("1-650-555-1212", "US", "16505551212")]
    [InlineData("020 7946 0958", "GB", "442079460958")]
    [InlineData("07700 900123", "GB", "447700900123")]
    [InlineData("(0)20 7946 0958", "GB", "442079460958")]
    [InlineData("01 23 45 67 89", "FR", "33123456789")]
    [InlineData("030 123456", "DE", "4930123456")]
    public void Phone_without_country_code_is_completed_from_the_region(string input, string region, string expected) =>
        AssertAccepted(input, region, expected);

    [Theory]
    [InlineData("(650) 555-1212", "6505551212")]
    [InlineData("020 7946 0958", "2079460958")]
    [InlineData("0650 555 1212", "6505551212")]
    public void Phone_without_country_code_or_region_keeps_its_digits_with_a_warning(string input, string expected)
    {
        var result = PhoneRule.Normalize(input, null);
        Assert.Equal(expected, result.Value);
        Assert.Equal(PhoneRule.NoCountry, result.Warning);
    }

    [Theory]
    [InlineData("+1 555 0100 99", null, "1555010099")]
    [InlineData("44 20 7946 0958", "US", "442079460958")]
    [InlineData("020 7946 0958", "AQ", "2079460958")]
    [InlineData("0000 1234567", null, "1234567")]
    public void Phone_that_is_not_possible_keeps_its_digits_with_a_warning(string input, string? region, string expected)
    {
        var result = PhoneRule.Normalize(input, region);
        Assert.Equal(expected, result.Value);
        Assert.Equal(PhoneRule.NotPossible, result.Warning);
    }

    [Theory]
    [InlineData("123", "US")]
    [InlineData("123456", null)]
    [InlineData("+1 555", null)]
    [InlineData("call me", "US")]
    [InlineData("0000000", null)]
    [InlineData("1234567890123456", null)]
    [InlineData("+999 1234 5678 9012 3456", null)]
    public void Phone_with_too_few_or_too_many_digits_is_dropped(string input, string? region)
    {
        var result = PhoneRule.Normalize(input, region);
        Assert.Null(result.Value);
        Assert.Equal(PhoneRule.Invalid, result.Warning);
    }

    [Theory]
    [InlineData("555-1212", "US")]
    [InlineData("555 1212", "US")]
    [InlineData("+1 555-1212", null)]
    [InlineData("001 555 1212", "GB")]
    public void Phone_possible_only_for_local_dialling_is_dropped_because_its_area_code_is_missing(string input, string? region)
    {
        var result = PhoneRule.Normalize(input, region);
        Assert.Null(result.Value);
        Assert.Equal(PhoneRule.LocalOnly, result.Warning);
        Assert.Contains("area code", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_only_phone_is_dropped_with_a_warning_at_its_path_and_nothing_of_it_is_sent()
    {
        var (data, diagnostics) = Run(("ph", "555-1212"), ("country", "us"), ("em", "a@example.com"));
        Assert.Null(data.Ph);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal("user_data.ph", warning.Path);
        Assert.Contains("area code", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_input_does_not_reach_libphonenumber_and_is_dropped()
    {
        var result = PhoneRule.Normalize(new string('5', 5000), "US");
        Assert.Null(result.Value);
    }

    [Fact]
    public void Phone_region_comes_from_user_data_country_even_when_country_comes_later()
    {
        var (data, diagnostics) = Run(("ph", "020 7946 0958"), ("country", "United Kingdom"));
        Assert.Equal([Hash("442079460958")], data.Ph);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Phone_region_comes_from_the_default_country_when_no_country_is_given()
    {
        var (data, diagnostics) = RunWithDefault("GB", ("ph", "020 7946 0958"));
        Assert.Equal([Hash("442079460958")], data.Ph);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Lower_case_default_country_is_accepted()
    {
        var (data, _) = RunWithDefault("gb", ("ph", "020 7946 0958"));
        Assert.Equal([Hash("442079460958")], data.Ph);
    }

    [Fact]
    public void User_data_country_wins_over_the_default_country()
    {
        var (data, _) = RunWithDefault("GB", ("ph", "(650) 555-1212"), ("country", "us"));
        Assert.Equal([Hash("16505551212")], data.Ph);
    }

    [Fact]
    public void First_readable_country_gives_the_region()
    {
        var (data, _) = Run(("country", "Narnia"), ("country", "us"), ("country", "gb"), ("ph", "(650) 555-1212"));
        Assert.Equal([Hash("16505551212")], data.Ph);
    }

    [Fact]
    public void Pre_hashed_country_gives_no_region_so_the_default_country_is_used()
    {
        var hashedGb = Hash("gb");
        var (data, diagnostics) = RunWithDefault("US", ("country", hashedGb), ("ph", "(650) 555-1212"));
        Assert.Equal([Hash("16505551212")], data.Ph);
        Assert.Equal([hashedGb], data.Country);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Pre_hashed_country_and_no_default_leaves_the_phone_unverified()
    {
        var (data, diagnostics) = Run(("country", Hash("us")), ("ph", "(650) 555-1212"));
        Assert.Equal([Hash("6505551212")], data.Ph);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal("user_data.ph", warning.Path);
        Assert.Contains("META_DEFAULT_COUNTRY", warning.Message, StringComparison.Ordinal);
        Assert.Contains("user_data.country", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("U")]
    public void Default_country_that_is_not_an_ISO_alpha_2_code_is_refused(string code) =>
        Assert.Throws<ArgumentException>(() => new UserDataNormalizer(Clock(), code));

    private static void AssertAccepted(string input, string? region, string expected)
    {
        var result = PhoneRule.Normalize(JsText.NfcLower(input), region);
        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }
}
