using MetaCapi.Quality;

namespace MetaCapi.Tests.Quality;

public class MatchQualityTests
{
    [Fact]
    public void Email_with_a_click_id_is_strong_and_the_rest_is_listed_by_value()
    {
        var report = MatchQuality.Assess(["fbc", "em"]);

        Assert.Equal(MatchRating.Strong, report.Rating);
        Assert.Equal(["em", "fbc"], report.Present);
        Assert.Equal(["ph", "external_id", "client_ip_address", "client_user_agent", "fbp"], report.Missing);
        Assert.StartsWith("Contact details plus a linking identifier. Add, most valuable first: ph:", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Phone_with_ip_address_and_user_agent_is_strong()
    {
        Assert.Equal(MatchRating.Strong, MatchQuality.Assess(["ph", "client_ip_address", "client_user_agent"]).Rating);
    }

    [Theory]
    [InlineData("em")]
    [InlineData("external_id")]
    [InlineData("fbc")]
    [InlineData("client_ip_address", "client_user_agent")]
    public void One_strong_identifier_alone_is_fair(params string[] keys)
    {
        Assert.Equal(MatchRating.Fair, MatchQuality.Assess(keys).Rating);
    }

    [Theory]
    [InlineData("fn", "ln", "ct", "zp", "country")]
    [InlineData("client_ip_address")]
    [InlineData("fbp")]
    public void Without_contact_click_customer_id_or_ip_with_agent_it_is_weak(params string[] keys)
    {
        var report = MatchQuality.Assess(keys);

        Assert.Equal(MatchRating.Weak, report.Rating);
        Assert.Equal("em", report.Missing[0]);
        Assert.Contains("most events like this will not match", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Everything_present_leaves_nothing_to_add()
    {
        var report = MatchQuality.Assess(["em", "ph", "fbc", "external_id", "client_ip_address", "client_user_agent", "fbp", "fn", "country"]);

        Assert.Equal(MatchRating.Strong, report.Rating);
        Assert.Empty(report.Missing);
        Assert.Equal("Every strong identifier is present.", report.Verdict);
        Assert.Equal(["em", "ph", "fbc", "external_id", "client_ip_address", "client_user_agent", "fbp", "fn", "country"], report.Present);
    }

    [Fact]
    public void A_batch_is_rated_by_its_median_event_and_names_where_keys_are_missing()
    {
        IReadOnlyCollection<string>[] events =
        [
            ["em", "ph", "external_id"],
            ["em", "external_id"],
            ["external_id"],
        ];

        var report = MatchQuality.AssessBatch(events);

        Assert.Equal(MatchRating.Strong, report.Rating);
        Assert.Equal(["em", "ph", "external_id"], report.Present);
        Assert.Equal(["em", "ph", "fbc", "client_ip_address", "client_user_agent", "fbp"], report.Missing);
        Assert.StartsWith("Per event: 2 strong, 1 fair, 0 weak. Add, most valuable first: em (missing on 1 of 3); ph (missing on 2 of 3); fbc (missing on 3 of 3)",
            report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_of_weak_events_is_weak()
    {
        Assert.Equal(MatchRating.Weak, MatchQuality.AssessBatch([["fn", "ln"], ["country"], ["em", "fbc"]]).Rating);
    }
}
