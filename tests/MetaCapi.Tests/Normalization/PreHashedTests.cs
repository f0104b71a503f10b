using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary>docs/normalization.md#2-already-hashed-values: what counts as already hashed, and how it is sent.</summary>
public sealed class PreHashedTests
{
    private const string Lower = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    private const string Upper = "62A14E44F765419D10FEA99367361A727C12365E2520F32218D505ED9AA0F62F";

    [Theory]
    [InlineData("em")]
    [InlineData("ph")]
    [InlineData("fn")]
    [InlineData("db")]
    [InlineData("ge")]
    [InlineData("country")]
    [InlineData("external_id")]
    public void Upper_case_sha256_is_sent_lowercased_for_every_hashed_key(string key)
    {
        var (data, diagnostics) = Run((key, "  " + Upper + "\u00A0"));
        Assert.Equal([Lower], Values(data, key));
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData(Lower + ".AQQCAQMC")]
    [InlineData(Upper + ".AQQCAQMC")]
    [InlineData(Lower + ".BA")]
    [InlineData(Lower + ".a_-Z09xy")]
    public void Parameter_Builder_hash_with_appendix_is_sent_exactly_as_given(string value)
    {
        var (data, diagnostics) = Run(("em", " " + value + " "));
        Assert.Equal([value], data.Em);
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData(Lower + ".ABC")]
    [InlineData(Lower + ".A")]
    [InlineData(Lower + ".AQQCAQM!")]
    [InlineData(Lower + "..AQ")]
    public void Hash_with_malformed_appendix_is_not_a_hash(string value)
    {
        var (data, diagnostics) = Run(("external_id", value));
        Assert.Equal([Hash(value.ToLowerInvariant())], data.ExternalId);
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public void Thirty_two_hex_characters_are_normalized_and_hashed(string value)
    {
        var (data, _) = Run(("external_id", value));
        Assert.Equal([Hash("0123456789abcdef0123456789abcdef")], data.ExternalId);
    }

    [Fact]
    public void Thirty_two_hex_email_is_not_an_email_and_is_dropped()
    {
        var (data, diagnostics) = Run(("em", "d41d8cd98f00b204e9800998ecf8427e"));
        Assert.Null(data.Em);
        Assert.Single(diagnostics.Warnings);
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    public void Hex_of_another_length_is_hashed(int length)
    {
        var value = new string('a', length);
        var (data, _) = Run(("external_id", value));
        Assert.Equal([Hash(value)], data.ExternalId);
    }

    [Fact]
    public void Sixty_four_characters_with_a_non_hex_one_are_hashed()
    {
        var value = "g" + Lower[1..];
        var (data, _) = Run(("external_id", value));
        Assert.Equal([Hash(value)], data.ExternalId);
    }

    internal static IReadOnlyList<string>? Values(MetaCapi.Events.UserData data, string key) => key switch
    {
        "em" => data.Em,
        "ph" => data.Ph,
        "fn" => data.Fn,
        "ln" => data.Ln,
        "db" => data.Db,
        "ge" => data.Ge,
        "ct" => data.Ct,
        "st" => data.St,
        "zp" => data.Zp,
        "country" => data.Country,
        "external_id" => data.ExternalId,
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };
}
