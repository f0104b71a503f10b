using MetaCapi.Graph;

namespace MetaCapi.Tests.Graph;

public sealed class GraphErrorHintsTests
{
    [Theory]
    [InlineData(190, 463, "expired")]
    [InlineData(190, 460, "password")]
    [InlineData(190, 467, "invalid")]
    [InlineData(190, null, "META_ACCESS_TOKEN")]
    [InlineData(190, 463, "Events Manager")]
    [InlineData(102, null, "META_ACCESS_TOKEN")]
    [InlineData(10, null, "permission")]
    [InlineData(200, null, "permission")]
    [InlineData(294, null, "permission")]
    [InlineData(100, 33, "pixel")]
    [InlineData(100, 2804003, "7 days")]
    [InlineData(100, 2804050, "customer information")]
    [InlineData(100, 2804019, "error_user_msg")]
    [InlineData(100, null, "parameter")]
    [InlineData(100, 9999999, "parameter")]
    [InlineData(803, null, "pixel")]
    [InlineData(368, null, "blocked")]
    [InlineData(4, null, "rate")]
    [InlineData(17, null, "rate")]
    [InlineData(32, null, "rate")]
    [InlineData(341, null, "rate")]
    [InlineData(613, 1487742, "rate")]
    [InlineData(80004, null, "rate")]
    [InlineData(1, null, "temporary")]
    [InlineData(2, null, "temporary")]
    public void Known_codes_get_plain_language_guidance(int code, int? subcode, string expected) =>
        Assert.Contains(expected, GraphErrorHints.For(code, subcode), StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData(12345, null)]
    [InlineData(80015, null)]
    [InlineData(null, 463)]
    public void Unknown_codes_get_no_hint(int? code, int? subcode) =>
        Assert.Null(GraphErrorHints.For(code, subcode));

    [Fact]
    public void Subcodes_refine_the_hint_of_their_code() =>
        Assert.NotEqual(GraphErrorHints.For(100, 2804003), GraphErrorHints.For(100, null));

    [Theory]
    [InlineData(10, null)]
    [InlineData(200, null)]
    [InlineData(294, null)]
    [InlineData(100, null)]
    [InlineData(100, 33)]
    public void Refused_reads_say_an_events_manager_token_may_not_read_and_which_token_can(int code, int? subcode)
    {
        var hint = GraphErrorHints.ForRead(code, subcode);

        Assert.Contains("Events Manager may send events but not read them", hint, StringComparison.Ordinal);
        Assert.Contains("system user token with ads_read", hint, StringComparison.Ordinal);
        Assert.Contains("META_ACCESS_TOKEN", hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(190, 463, "expired")]
    [InlineData(613, null, "rate")]
    [InlineData(2044055, null, "does not exist")]
    [InlineData(100, 2044055, "does not exist")]
    public void Other_read_errors_keep_their_own_guidance(int code, int? subcode, string expected) =>
        Assert.Contains(expected, GraphErrorHints.ForRead(code, subcode), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void The_send_hints_are_unchanged_by_the_read_hints() =>
        Assert.DoesNotContain("ads_read", GraphErrorHints.For(200, null), StringComparison.Ordinal);
}
