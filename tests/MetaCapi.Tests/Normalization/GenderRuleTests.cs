using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>ge</c>: the Parameter Builder's word lists, looked up after trim, NFC and lowercase (docs/normalization.md#ge).</summary>
public sealed class GenderRuleTests
{
    [Theory]
    [InlineData("f")]
    [InlineData("F")]
    [InlineData("Female")]
    [InlineData("WOMAN")]
    [InlineData(" girl ")]
    [InlineData("Ma'am")]
    [InlineData("Mrs")]
    [InlineData("ms")]
    [InlineData("she")]
    [InlineData("herself")]
    [InlineData("belle")]
    public void Female_words_become_f(string input) => Assert.Equal("f", Read(input));

    [Theory]
    [InlineData("m")]
    [InlineData("M")]
    [InlineData("Male")]
    [InlineData("man")]
    [InlineData("Mr")]
    [InlineData("Sir")]
    [InlineData("he")]
    [InlineData("himself")]
    [InlineData("dude")]
    public void Male_words_become_m(string input) => Assert.Equal("m", Read(input));

    [Theory]
    [InlineData("x")]
    [InlineData("femal")]
    [InlineData("F.")]
    [InlineData("Mr.")]
    [InlineData("maam")]
    [InlineData("non-binary")]
    [InlineData("unknown")]
    [InlineData("female ")]
    public void Other_words_are_dropped_with_a_warning(string input)
    {
        var result = GenderRule.Normalize(input);
        Assert.Null(result.Value);
        Assert.Equal(GenderRule.Unknown, result.Warning);
    }

    private static string? Read(string input) => GenderRule.Normalize(JsText.NfcLower(JsText.Trim(input))).Value;
}
