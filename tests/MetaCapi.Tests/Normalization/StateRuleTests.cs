using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>st</c>: US state and Canadian province names become their codes; nothing is guessed or cut (docs/normalization.md#st).</summary>
public sealed class StateRuleTests
{
    [Theory]
    [InlineData("California", "ca")]
    [InlineData("New York", "ny")]
    [InlineData("new-york", "ny")]
    [InlineData("NEW  YORK", "ny")]
    [InlineData("North Carolina", "nc")]
    [InlineData("District of Columbia", "dc")]
    [InlineData("Washington, D.C.", "dc")]
    [InlineData("Washington", "wa")]
    [InlineData("Puerto Rico", "pr")]
    [InlineData("Ontario", "on")]
    [InlineData("British Columbia", "bc")]
    [InlineData("Quebec", "qc")]
    [InlineData("Qu\u00E9bec", "qc")]
    [InlineData("QUE\u0301BEC", "qc")]
    [InlineData("Newfoundland and Labrador", "nl")]
    [InlineData("Nouvelle-\u00C9cosse", "ns")]
    [InlineData("\u00CEle-du-Prince-\u00C9douard", "pe")]
    [InlineData("Yukon", "yt")]
    public void Full_state_or_province_name_becomes_its_code(string input, string expected) =>
        Assert.Equal(expected, Read(input));

    [Theory]
    [InlineData("CA", "ca")]
    [InlineData("ny", "ny")]
    [InlineData("N.Y.", "ny")]
    [InlineData("ZZ", "zz")]
    public void Two_letters_are_kept(string input, string expected) => Assert.Equal(expected, Read(input));

    [Theory]
    [InlineData("Bayern", "bayern")]
    [InlineData("\u00CEle-de-France", "ledefrance")]
    [InlineData("Kansas City", "kansascity")]
    [InlineData("New York State", "newyorkstate")]
    [InlineData("Greater London", "greaterlondon")]
    [InlineData("NSW 2000", "nsw")]
    public void Other_regions_are_kept_whole_without_guessing(string input, string expected) =>
        Assert.Equal(expected, Read(input));

    [Theory]
    [InlineData("123")]
    [InlineData("\u6771\u4EAC\u90FD")]
    [InlineData("--")]
    public void State_without_ASCII_letters_is_dropped_with_a_warning(string input)
    {
        var result = StateRule.Normalize(JsText.NfcLower(input));
        Assert.Null(result.Value);
        Assert.Equal(StateRule.Empty, result.Warning);
    }

    private static string? Read(string input)
    {
        var result = StateRule.Normalize(JsText.NfcLower(input));
        Assert.Null(result.Warning);
        return result.Value;
    }
}
