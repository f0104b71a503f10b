using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>fn</c>, <c>ln</c>: white space and ASCII punctuation go, every other character stays (docs/normalization.md#fn-and-ln).</summary>
public sealed class NameRuleTests
{
    [Theory]
    [InlineData("  Mary-Jane ", "maryjane")]
    [InlineData("O'Brien", "obrien")]
    [InlineData("JOS\u00C9", "jos\u00E9")]
    [InlineData("Anne Marie", "annemarie")]
    [InlineData("Dr. John", "drjohn")]
    [InlineData("O\u2019Brien", "o\u2019brien")]
    [InlineData("\uC815", "\uC815")]
    [InlineData("\u674E\u5C0F\u9F8D", "\u674E\u5C0F\u9F8D")]
    [InlineData("\u041C\u0410\u0420\u0418\u042F", "\u043C\u0430\u0440\u0438\u044F")]
    [InlineData("\u039F\u0394\u03A5\u03A3\u03A3\u0395\u0391\u03A3", "\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03B1\u03C2")]
    [InlineData("\u039D\u0399\u039A\u039F\u039B\u0391\u039F\u03A3.", "\u03BD\u03B9\u03BA\u03BF\u03BB\u03B1\u03BF\u03C2")]
    [InlineData("\u0130brahim", "i\u0307brahim")]
    [InlineData("Fran\u00E7ois", "fran\u00E7ois")]
    [InlineData("Zo\u00EB_Smith (II)", "zo\u00EBsmithii")]
    [InlineData("Mary\u00A0Jane\u3000Doe", "maryjanedoe")]
    [InlineData("Mary\tJane\nDoe", "maryjanedoe")]
    public void Name_loses_spaces_and_ASCII_punctuation_and_keeps_other_letters(string input, string expected)
    {
        var result = NameRule.Normalize(JsText.NfcLower(JsText.Trim(input)));
        Assert.Equal(expected, result.Value);
        Assert.Null(result.Warning);
    }

    [Theory]
    [InlineData("---")]
    [InlineData("'. ,")]
    [InlineData("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")]
    public void Name_of_only_punctuation_is_dropped_with_a_warning(string input)
    {
        var result = NameRule.Normalize(input);
        Assert.Null(result.Value);
        Assert.Equal(NameRule.Empty, result.Warning);
    }

    [Fact]
    public void Decomposed_name_hashes_like_the_composed_one()
    {
        var (data, _) = Run(("fn", "Vale\u0301ry"), ("ln", "Val\u00E9ry"));
        Assert.Equal(data.Fn, data.Ln);
        Assert.Equal([Hash("val\u00E9ry")], data.Fn);
        Assert.NotEqual([Hash("vale\u0301ry")], data.Fn);
    }

    [Fact]
    public void Turkish_dotted_capital_I_hashes_as_JavaScript_lowercases_it()
    {
        var (data, _) = Run(("ln", "\u0130STANBULLU"));
        Assert.Equal([Hash("i\u0307stanbullu")], data.Ln);
    }

    [Fact]
    public void Final_capital_sigma_hashes_as_final_small_sigma()
    {
        var (data, _) = Run(("ln", "\u039F\u0394\u039F\u03A3"));
        Assert.Equal([Hash("\u03BF\u03B4\u03BF\u03C2")], data.Ln);
        Assert.Equal(["3a2c9e1f2803431e23ed51a84e18ba04188301f1911b75310e9704974aebe4e8"], data.Ln);
    }
}
