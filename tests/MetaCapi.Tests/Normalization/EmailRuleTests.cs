using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>em</c>: exactly the Parameter Builder's email regex, case-insensitive (docs/normalization.md#em).</summary>
public sealed class EmailRuleTests
{
    [Theory]
    [InlineData("john.smith@gmail.com")]
    [InlineData("john_smith@gmail.com")]
    [InlineData("a+tag@sub.example.co.uk")]
    [InlineData("o'brien@example.com")]
    [InlineData("x@a-b.com")]
    [InlineData("x@a--b.io")]
    [InlineData("john:.doe@x.com")]
    [InlineData("!#$%&'*+/=?^_`{|}~-@x.com")]
    [InlineData("1@2.3")]
    [InlineData("JOHN@GMAIL.COM")]
    public void Address_matching_the_Parameter_Builder_regex_is_kept(string email)
    {
        var result = EmailRule.Normalize(email);
        Assert.Equal(email, result.Value);
        Assert.Null(result.Warning);
    }

    [Theory]
    [InlineData("john smith@gmail.com")]
    [InlineData("john@gmail")]
    [InlineData("user@m\u00fcnchen.de")]
    [InlineData("j\u00f6hn@x.com")]
    [InlineData("@x.com")]
    [InlineData("john@")]
    [InlineData("john..doe@x.com")]
    [InlineData(".john@x.com")]
    [InlineData("john.@x.com")]
    [InlineData("john@-x.com")]
    [InlineData("john@x-.com")]
    [InlineData("john@x..com")]
    [InlineData("john@.x.com")]
    [InlineData("john@x.com.")]
    [InlineData("a@b@c.com")]
    [InlineData("john:doe@x.com")]
    [InlineData("john:@x.com")]
    [InlineData("plainaddress")]
    [InlineData("\"john\"@x.com")]
    [InlineData("john@x_y.com")]
    [InlineData("john@[127.0.0.1]")]
    public void Address_not_matching_the_regex_is_dropped_with_a_warning(string email)
    {
        var result = EmailRule.Normalize(email);
        Assert.Null(result.Value);
        Assert.Equal(EmailRule.Invalid, result.Warning);
    }

    [Fact]
    public void Kelvin_sign_is_lowercased_to_k_before_the_check_as_JavaScript_does()
    {
        var lowered = JsText.NfcLower("\u212Aate@x.com");
        Assert.Equal("kate@x.com", EmailRule.Normalize(lowered).Value);
    }

    [Fact]
    public void Dotted_capital_I_becomes_non_ASCII_and_the_address_is_dropped() =>
        Assert.Null(EmailRule.Normalize(JsText.NfcLower("\u0130BRAHIM@X.COM")).Value);
}
