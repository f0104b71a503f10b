using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>zp</c>: before the first dash, no white space, US codes cut to 5 digits (docs/normalization.md#zp).</summary>
public sealed class PostalCodeRuleTests
{
    [Theory]
    [InlineData("94035-1234", null, "94035")]
    [InlineData("94035-1234", "us", "94035")]
    [InlineData("94035-1234", "de", "94035")]
    [InlineData("940351234", "us", "94035")]
    [InlineData("94035 1234", "us", "94035")]
    [InlineData("940351234", null, "94035")]
    [InlineData("94035", "us", "94035")]
    [InlineData("9403", "us", "9403")]
    [InlineData("940351234", "br", "940351234")]
    [InlineData("1234567890", null, "1234567890")]
    [InlineData("12345678", null, "12345678")]
    public void ZIP_code_is_cut_to_five_digits_for_the_US_or_nine_digits_without_country(string input, string? country, string expected) =>
        AssertAccepted(input, country, expected);

    [Theory]
    [InlineData("M1 1AE", "gb", "m11ae")]
    [InlineData("M1 1AE", null, "m11ae")]
    [InlineData("SW1A 1AA", "gb", "sw1a1aa")]
    [InlineData("EC1A\u00A01BB", "gb", "ec1a1bb")]
    [InlineData("1987", "au", "1987")]
    [InlineData("75018", "fr", "75018")]
    [InlineData("K1A 0B1", "ca", "k1a0b1")]
    [InlineData("100-0001", "jp", "100")]
    public void Postal_code_outside_the_US_loses_spaces_and_the_part_after_a_dash(string input, string? country, string expected) =>
        AssertAccepted(input, country, expected);

    [Theory]
    [InlineData("1", null)]
    [InlineData("B-1000", "be")]
    [InlineData("-1234", "us")]
    [InlineData(" - ", null)]
    public void Postal_code_shorter_than_two_characters_is_dropped(string input, string? country)
    {
        var result = PostalCodeRule.Normalize(JsText.NfcLower(input), country);
        Assert.Null(result.Value);
        Assert.Equal(PostalCodeRule.TooShort, result.Warning);
    }

    [Fact]
    public void Country_given_as_a_name_makes_a_nine_digit_ZIP_a_US_ZIP()
    {
        var (data, _) = Run(("zp", "94035 1234"), ("country", "United States of America"));
        Assert.Equal([Hash("94035")], data.Zp);
    }

    [Fact]
    public void Non_US_country_keeps_nine_digits()
    {
        var (data, _) = Run(("country", "Brazil"), ("zp", "940351234"));
        Assert.Equal([Hash("940351234")], data.Zp);
    }

    private static void AssertAccepted(string input, string? country, string expected)
    {
        var result = PostalCodeRule.Normalize(JsText.NfcLower(input), country);
        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }
}
