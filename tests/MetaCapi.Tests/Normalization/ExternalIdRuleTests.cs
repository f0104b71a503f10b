using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>external_id</c>: white space removed, lowercased, hashed, as Meta's newest SDK does (docs/normalization.md#external_id).</summary>
public sealed class ExternalIdRuleTests
{
    [Theory]
    [InlineData("User 123", "user123")]
    [InlineData("  ABC-123\u00A0", "abc-123")]
    [InlineData("a b\tc\nd", "abcd")]
    [InlineData("123e4567-E89B-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000")]
    [InlineData("123e4567e89b12d3a456426614174000", "123e4567e89b12d3a456426614174000")]
    [InlineData("CUST_\u00C9T\u00C9", "cust_\u00E9t\u00E9")]
    public void External_id_loses_white_space_and_case_and_is_hashed(string input, string expected)
    {
        var (data, diagnostics) = Run(("external_id", input));
        Assert.Equal([Hash(expected)], data.ExternalId);
        Assert.Empty(diagnostics.All);
    }
}
