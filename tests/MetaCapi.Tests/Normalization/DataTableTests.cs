using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary>The embedded tables load, are complete, and are unambiguous.</summary>
public sealed class DataTableTests
{
    [Fact]
    public void Countries_table_has_all_249_ISO_codes()
    {
        Assert.Equal(249, Countries.Codes.Count);
        Assert.All(Countries.Codes, code => Assert.Matches("^[a-z]{2}$", code));
        Assert.Contains("gb", Countries.Codes);
        Assert.DoesNotContain("uk", Countries.Codes);
    }

    [Fact]
    public void Every_country_code_reads_as_itself()
    {
        foreach (var code in Countries.Codes)
        {
            Assert.True(Countries.TryNormalize(code.ToUpperInvariant(), out var read));
            Assert.Equal(code, read);
        }
    }

    [Fact]
    public void Every_row_of_the_data_files_resolves_to_its_own_code()
    {
        foreach (var row in DataFile.Read("countries.tsv", 3))
        {
            var code = row[0].ToLowerInvariant();
            Assert.True(Countries.TryNormalize(row[1], out var byAlpha3), row[1]);
            Assert.Equal(code, byAlpha3);
            Assert.True(Countries.TryNormalize(row[2], out var byName), row[2]);
            Assert.Equal(code, byName);
        }

        foreach (var row in DataFile.Read("country-aliases.tsv", 2))
        {
            Assert.True(Countries.TryNormalize(row[0], out var code), row[0]);
            Assert.Equal(row[1].ToLowerInvariant(), code);
        }
    }

    [Fact]
    public void Regions_cover_the_50_states_DC_and_13_Canadian_provinces_and_territories()
    {
        var rows = DataFile.Read("regions.tsv", 3);
        var us = rows.Where(r => r[0] == "US").Select(r => r[1]).ToHashSet();
        var ca = rows.Where(r => r[0] == "CA").Select(r => r[1]).ToHashSet();
        Assert.Superset(
            new HashSet<string>(["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
                "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
                "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC"]),
            us);
        Assert.Equal(
            new HashSet<string>(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]),
            ca);
        foreach (var row in rows)
        {
            Assert.Equal(row[1].ToLowerInvariant(), StateRule.Normalize(JsText.NfcLower(row[2])).Value);
        }
    }

    [Theory]
    [InlineData("USD", true)]
    [InlineData("usd", true)]
    [InlineData("Eur", true)]
    [InlineData("JPY", true)]
    [InlineData("XCG", true)]
    [InlineData("ZWG", true)]
    [InlineData("ABC", false)]
    [InlineData("US", false)]
    [InlineData("USDD", false)]
    [InlineData("U$D", false)]
    [InlineData("", false)]
    [InlineData("HRK", false)]
    public void Currency_codes_are_checked_case_insensitively(string code, bool expected) =>
        Assert.Equal(expected, Currencies.IsIsoCode(code));

    [Fact]
    public void Currency_table_has_the_active_codes()
    {
        Assert.InRange(Currencies.Names.Count, 170, 190);
        Assert.Equal("US Dollar", Currencies.Names["USD"]);
    }

    [Fact]
    public void Every_data_file_starts_with_a_comment_saying_what_it_is_and_its_source()
    {
        foreach (var name in new[] { "countries.tsv", "country-aliases.tsv", "currencies.tsv", "regions.tsv" })
        {
            using var stream = typeof(Countries).Assembly.GetManifestResourceStream("MetaCapi.Data." + name);
            Assert.NotNull(stream);
            using var reader = new StreamReader(stream);
            var header = reader.ReadLine() + reader.ReadLine();
            Assert.StartsWith("#", header, StringComparison.Ordinal);
            Assert.Contains("Source", header, StringComparison.Ordinal);
        }
    }
}
