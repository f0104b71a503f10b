using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary>Trim, NFC and lowercase behave as JavaScript's (expected values produced with Node 20).</summary>
public sealed class JsTextTests
{
    [Theory]
    [InlineData("  abc  ", "abc")]
    [InlineData("\u00A0abc\u00A0", "abc")]
    [InlineData("\uFEFFabc\uFEFF", "abc")]
    [InlineData("\t\n\v\f\r abc \r\n", "abc")]
    [InlineData("\u2028\u2029\u3000\u1680\u2000\u200A\u202F\u205Fabc", "abc")]
    [InlineData("a b", "a b")]
    [InlineData("   ", "")]
    [InlineData("", "")]
    public void Trim_removes_what_JavaScript_trim_removes(string input, string expected) =>
        Assert.Equal(expected, JsText.Trim(input));

    [Theory]
    [InlineData("\u0085abc\u0085")]
    [InlineData("\u200Babc\u200B")]
    [InlineData("\u180Eabc\u180E")]
    public void Trim_keeps_what_JavaScript_trim_keeps(string input) =>
        Assert.Equal(input, JsText.Trim(input));

    [Fact]
    public void Trim_returns_the_same_instance_when_nothing_is_trimmed()
    {
        var value = "abc";
        Assert.Same(value, JsText.Trim(value));
    }

    [Theory]
    [InlineData("\u0130STANBUL", "i\u0307stanbul")]
    [InlineData("\u039F\u0394\u039F\u03A3", "\u03BF\u03B4\u03BF\u03C2")]
    [InlineData("\u03A3\u0391\u03A3", "\u03C3\u03B1\u03C2")]
    [InlineData("\u03A3", "\u03C3")]
    [InlineData("\u0391\u03A3.", "\u03B1\u03C2.")]
    [InlineData("\u0391\u03A3\u0301", "\u03B1\u03C2\u0301")]
    [InlineData("\u0391\u03A3\u0301\u0392", "\u03B1\u03C3\u0301\u03B2")]
    [InlineData("\u0391\u03A3'\u0392", "\u03B1\u03C3'\u03B2")]
    [InlineData("1\u03A3", "1\u03C3")]
    [InlineData("\u0391\u03A31", "\u03B1\u03C21")]
    [InlineData("\u0391\u03A3 \u0392", "\u03B1\u03C2 \u03B2")]
    [InlineData("\u038C\u03A3\u039F\u03A3 \u039A\u0391\u0399 \u038C\u03A3\u039F\u03A3", "\u03CC\u03C3\u03BF\u03C2 \u03BA\u03B1\u03B9 \u03CC\u03C3\u03BF\u03C2")]
    [InlineData("\u0391\u03A3\u00AD", "\u03B1\u03C2\u00AD")]
    [InlineData("\uD801\uDC00\u03A3", "\uD801\uDC28\u03C2")]
    [InlineData("a\u03A3", "a\u03C2")]
    [InlineData("\u00C5\u03A3\u0391", "\u00E5\u03C3\u03B1")]
    [InlineData("\u01C5", "\u01C6")]
    [InlineData("\u1E9E", "\u00DF")]
    [InlineData("JOHN.SMITH@GMAIL.COM", "john.smith@gmail.com")]
    [InlineData("JOS\u00C9", "jos\u00E9")]
    public void Lowercase_matches_JavaScript_toLowerCase(string input, string expected) =>
        Assert.Equal(expected, JsText.ToLower(input));

    [Fact]
    public void Lowercase_ignores_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal("istanbul", JsText.ToLower("ISTANBUL"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("Vale\u0301ry", "Val\u00E9ry")]
    [InlineData("\u1100\u1161", "\uAC00")]
    [InlineData("plain ascii", "plain ascii")]
    public void Nfc_composes_decomposed_text(string input, string expected) =>
        Assert.Equal(expected, JsText.ToNfc(input));

    [Fact]
    public void Nfc_turns_an_unpaired_surrogate_into_a_replacement_character_instead_of_throwing() =>
        Assert.Equal("a\uFFFDb\uFFFD", JsText.ToNfc("a\uD800b\uDC00"));

    [Theory]
    [InlineData("a\uFFFE", "a\uFFFE")]
    [InlineData("e\u0301\uFFFEe\u0301", "\u00E9\uFFFE\u00E9")]
    [InlineData("\uFFFE\uFFFE\u1100\u1161\uFFFE", "\uFFFE\uFFFE\uAC00\uFFFE")]
    public void Nfc_keeps_the_noncharacter_U_FFFE_as_JavaScript_does_instead_of_throwing(string input, string expected) =>
        Assert.Equal(expected, JsText.ToNfc(input));

    [Fact]
    public void Nfc_keeps_a_surrogate_pair()
    {
        var value = "caf\u00E9 \uD83D\uDE00";
        Assert.Equal(value, JsText.ToNfc(value));
    }
}
