using MetaCapi.Graph;
using MetaCapi.Quality;

namespace MetaCapi.Tests.Quality;

public sealed class DatasetAdviceTests
{
    private static EventQuality Web(string name, params MatchKeyQuality[] keys) =>
        new() { EventName = name, Source = EventQuality.Sources.Web, Emq = 5, MatchKeys = keys };

    private static MatchKeyQuality Key(string key, double? coverage, double? potential = null) =>
        new() { Key = key, Identifier = key, CoveragePercent = coverage, PotentialAcrPercent = potential };

    private static MatchKeyQuality[] AllStrongKeys(double coverage = 100) =>
        [.. new[] { "em", "ph", "fbc", "external_id", "client_ip_address", "client_user_agent", "fbp" }.Select(k => Key(k, coverage))];

    [Fact]
    public void Low_phone_coverage_names_user_data_ph_with_the_country()
    {
        var keys = AllStrongKeys().Select(k => k.Key == "ph" ? Key("ph", 41.2) : k).ToArray();

        var advice = Assert.Single(DatasetAdvice.For([Web("Purchase", keys)]));

        Assert.Equal("user_data.ph", advice.Parameter);
        Assert.Equal(["Purchase"], advice.Events);
        Assert.Contains("with the country", advice.Message, StringComparison.Ordinal);
        Assert.Contains("Purchase 41.2%", advice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strong_key_meta_never_saw_is_advised_as_missing()
    {
        var keys = AllStrongKeys().Where(k => k.Key != "em").ToArray();

        var advice = Assert.Single(DatasetAdvice.For([Web("Lead", keys)]));

        Assert.Equal("user_data.em", advice.Parameter);
        Assert.Contains("Lead not seen", advice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Low_deduplication_names_event_id_equal_to_the_pixels_event_id()
    {
        var quality = Web("Purchase", AllStrongKeys()) with
        {
            Dedup = [new DedupKeyQuality { Key = "event_id", BrowserPercent = 100, ServerPercent = 40 }],
        };

        var advice = Assert.Single(DatasetAdvice.For([quality]));

        Assert.Equal("event_id", advice.Parameter);
        Assert.Contains("equal to the browser Pixel's eventID", advice.Message, StringComparison.Ordinal);
        Assert.Contains("40% of server", advice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_fix_for_several_events_is_one_piece_of_advice_listing_them()
    {
        var keys = AllStrongKeys().Select(k => k.Key == "ph" ? Key("ph", 10) : k).ToArray();

        var advice = Assert.Single(DatasetAdvice.For([Web("Purchase", keys), Web("Lead", keys)]));

        Assert.Equal(["Purchase", "Lead"], advice.Events);
    }

    [Fact]
    public void Fixes_meta_puts_a_number_on_come_first_highest_first_then_dedup_then_keys_in_metas_ranking()
    {
        var quality = Web("Purchase", Key("em", 50), Key("ph", 50, potential: 8.1), Key("fbc", 10, potential: 20.5), Key("external_id", 100),
                Key("client_ip_address", 100), Key("client_user_agent", 100), Key("fbp", 60)) with
        {
            Dedup = [new DedupKeyQuality { Key = "event_id", BrowserPercent = 10, ServerPercent = 100 }],
            EventCoveragePercent = 30,
            EventCoverageGoalPercent = 75,
            UploadFrequency = "daily",
        };

        var parameters = DatasetAdvice.For([quality]).Select(a => a.Parameter).ToArray();

        Assert.Equal(
            new string?[] { "user_data.fbc", "user_data.ph", "event_id", "user_data.em", "user_data.fbp", "event_name", "event_time" }.AsEnumerable(),
            parameters);
    }

    [Fact]
    public void A_diagnostic_is_advised_with_metas_solution_and_the_parameter_it_is_about()
    {
        var quality = Web("Purchase", AllStrongKeys()) with
        {
            Diagnostics =
            [
                new QualityDiagnostic
                {
                    Name = "Server sending mismatched IP addresses",
                    Solution = "In your server payload, send the client_ip_address retrieved from customer interactions.",
                    AffectedPercent = 22.5,
                },
            ],
        };

        var advice = Assert.Single(DatasetAdvice.For([quality]));

        Assert.Equal("user_data.client_ip_address", advice.Parameter);
        Assert.StartsWith("Server sending mismatched IP addresses: In your server payload", advice.Message, StringComparison.Ordinal);
        Assert.Contains("22.5% of Purchase", advice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_estimate_is_quoted_and_never_invented()
    {
        var withEstimate = DatasetAdvice.For([Web("Purchase", AllStrongKeys().Select(k => k.Key == "ph" ? Key("ph", 10, 8.1) : k).ToArray())]);
        var withoutEstimate = DatasetAdvice.For([Web("Purchase", AllStrongKeys().Select(k => k.Key == "ph" ? Key("ph", 10) : k).ToArray())]);

        Assert.Equal(8.1, Assert.Single(withEstimate).MetaEstimatePercent);
        Assert.Contains("median of 8.1% more conversions", withEstimate[0].Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(withoutEstimate).MetaEstimatePercent);
        Assert.DoesNotContain("median", withoutEstimate[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_event_and_events_without_feedback_get_no_advice()
    {
        Assert.Empty(DatasetAdvice.For([Web("Purchase", AllStrongKeys()) with { UploadFrequency = "real_time", EventCoveragePercent = 90 }]));
        Assert.Empty(DatasetAdvice.For([new EventQuality { EventName = "ViewContent", Source = EventQuality.Sources.Web }]));
        Assert.Empty(DatasetAdvice.For([new EventQuality { EventName = "Purchase", Source = EventQuality.Sources.Offline, MatchKeys = [Key("ph", 1)] }]));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0.0, "poor")]
    [InlineData(3.9, "poor")]
    [InlineData(4.0, "ok")]
    [InlineData(5.99, "ok")]
    [InlineData(6.0, "good")]
    [InlineData(7.9, "good")]
    [InlineData(8.0, "great")]
    [InlineData(10.0, "great")]
    public void Emq_bands_follow_metas_scale(double? score, string? band) =>
        Assert.Equal(band, EventMatchQualityScale.Rate(score));
}
