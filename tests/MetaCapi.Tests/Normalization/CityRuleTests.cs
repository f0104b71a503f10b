using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>ct</c>: ASCII letters and digits only, starting with a letter (docs/normalization.md#ct).</summary>
public sealed class CityRuleTests
{
    [Theory]
    [InlineData("San Francisco", "sanfrancisco")]
    [InlineData("Saint-\u00C9tienne", "sainttienne")]
    [InlineData("San Francisco, CA", "sanfranciscoca")]
    [InlineData("New York 10", "newyork10")]
    [InlineData("paris", "paris")]
    [InlineData("\u0130zmir", "izmir")]
    [InlineData("M\u00FCnchen", "mnchen")]
    public void City_keeps_ASCII_letters_and_digits(string input, string expected)
    {
        var result = CityRule.Normalize(JsText.NfcLower(input));
        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }

    [Theory]
    [InlineData("\u6771\u4EAC")]
    [InlineData("10001 NYC")]
    [InlineData("---")]
    [InlineData("\u041C\u043E\u0441\u043A\u0432\u0430")]
    public void City_without_a_leading_ASCII_letter_is_dropped(string input)
    {
        var result = CityRule.Normalize(JsText.NfcLower(input));
        Assert.Null(result.Value);
        Assert.Equal(CityRule.Invalid, result.Warning);
    }
}
