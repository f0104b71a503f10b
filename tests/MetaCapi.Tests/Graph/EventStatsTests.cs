using MetaCapi.Graph;
using WireMock.ResponseBuilders;
using static MetaCapi.Tests.Graph.ReadFixtures;

namespace MetaCapi.Tests.Graph;

public sealed class EventStatsTests
{
    private static readonly DateTimeOffset Since = new(2026, 1, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Asks_the_pixel_stats_edge_for_each_aggregation_over_the_window()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(StatsPath)).RespondWith(Answer("""{"data": []}"""));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(ReadStatus.Ok, result.Status);
        var requests = Gets(graph, StatsPath);
        Assert.Equal(["event", "match_keys", "event_source"], requests.Select(r => Query(r)["aggregation"]).ToArray());
        foreach (var request in requests)
        {
            var query = Query(request);
            Assert.Equal("1767528000", query["start_time"]);
            Assert.Equal("1767614400", query["end_time"]);
            Assert.False(query.ContainsKey("access_token"));
            Assert.Equal($"Bearer {GraphHarness.Token}", Assert.Single(request.RequestMessage.Headers!["Authorization"]));
            Assert.DoesNotContain(GraphHarness.Token, request.RequestMessage.AbsoluteUrl, StringComparison.Ordinal);
        }

        Assert.Equal((Since, Until), (result.Since, result.Until));
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Every_page_is_read_and_the_hourly_buckets_are_summed_per_event()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(StatsPath)).AtPriority(10).RespondWith(Answer("""{"data": []}"""));
        graph.Server.Given(Get(StatsPath, ("aggregation", "event"))).AtPriority(5).RespondWith(Answer(StatsPage("cursor-1",
            ("2026-01-04T12:00:00+0000", [("Purchase", 3), ("PageView", 40)]),
            ("2026-01-04T13:00:00+0000", [("Purchase", 2)]))));
        graph.Server.Given(Get(StatsPath, ("aggregation", "event"), ("after", "cursor-1"))).AtPriority(1).RespondWith(Answer(StatsPage("cursor-2",
            ("2026-01-04T14:00:00+0000", [("PageView", 10), ("Lead", 1)]))));
        graph.Server.Given(Get(StatsPath, ("aggregation", "event"), ("after", "cursor-2"))).AtPriority(1).RespondWith(Answer(StatsPage(null,
            ("2026-01-04T15:00:00+0000", [("Purchase", 5), ("Lead", 1)]))));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(
            [("PageView", 50L), ("Purchase", 10L), ("Lead", 2L)],
            result.Events.Select(e => (e.EventName, e.Total)).ToArray());
        var pages = Gets(graph, StatsPath).Where(r => Query(r)["aggregation"] == "event" && !Query(r).ContainsKey("event")).ToList();
        Assert.Equal(new string?[] { null, "cursor-1", "cursor-2" }.AsEnumerable(), pages.Select(r => Query(r).GetValueOrDefault("after")));
        Assert.All(pages, page => Assert.Equal("1767528000", Query(page)["start_time"]));
    }

    [Fact]
    public async Task The_split_by_source_is_read_per_event_and_summed_into_server_browser_and_other()
    {
        using var graph = new GraphHarness();
        StubStats(graph,
            byEvent: StatsPage(null, ("2026-01-04T12:00:00+0000", [("Purchase", 7), ("PageView", 90)])),
            pixelWide: StatsPage(null, ("2026-01-04T12:00:00+0000", [("BROWSER", 91), ("SERVER", 5), ("APP", 1)])));
        graph.Server.Given(Get(StatsPath, ("aggregation", "event_source"), ("event", "Purchase"))).AtPriority(1).RespondWith(Answer(StatsPage(null,
            ("2026-01-04T12:00:00+0000", [("SERVER", 3), ("BROWSER", 1)]),
            ("2026-01-04T13:00:00+0000", [("SERVER", 2), ("APP", 1)]))));
        graph.Server.Given(Get(StatsPath, ("aggregation", "event_source"), ("event", "PageView"))).AtPriority(1).RespondWith(Answer(StatsPage(null,
            ("2026-01-04T12:00:00+0000", [("BROWSER", 90)]))));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(
            [("PageView", 90L, 0L, 90L, 0L, 0.0), ("Purchase", 7L, 5L, 1L, 1L, 71.4)],
            result.Events.Select(e => (e.EventName, e.Total, e.Server!.Value, e.Browser!.Value, e.Other!.Value, e.ServerSharePercent!.Value)).ToArray());
        Assert.Equal(
            [("BROWSER", "browser", 91L), ("SERVER", "server", 5L), ("APP", "other", 1L)],
            result.Sources.Select(s => (s.Source, s.Kind, s.Count)).ToArray());
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Rows_that_name_their_event_give_the_split_without_a_request_per_event()
    {
        using var graph = new GraphHarness();
        StubStats(graph,
            byEvent: StatsPage(null, ("2026-01-04T12:00:00+0000", [("Purchase", 4)])),
            pixelWide: """{"data": [{"start_time": "2026-01-04T12:00:00+0000", "aggregation": "event_source", "data": [{"event": "Purchase", "value": "SERVER", "count": 4}]}]}""");

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal((4L, 0L, 0L), (result.Events[0].Server!.Value, result.Events[0].Browser!.Value, result.Events[0].Other!.Value));
        Assert.DoesNotContain(Gets(graph, StatsPath), r => Query(r).ContainsKey("event"));
    }

    [Fact]
    public async Task Match_keys_are_summed_named_as_user_data_keys_and_broken_down_by_event_when_meta_does()
    {
        using var graph = new GraphHarness();
        StubStats(graph,
            byEvent: StatsPage(null, ("2026-01-04T12:00:00+0000", [("Purchase", 10), ("Lead", 4)])),
            matchKeys: """
                {"data": [
                  {"start_time": "2026-01-04T12:00:00+0000", "aggregation": "match_keys", "data": [
                    {"event": "Purchase", "value": "email", "count": 6}, {"event": "Purchase", "value": "phone", "count": 2},
                    {"event": "Lead", "value": "em", "count": 3}]},
                  {"start_time": "2026-01-04T13:00:00+0000", "aggregation": "match_keys", "data": [
                    {"event": "Purchase", "value": "email", "count": 3}, {"event": "Lead", "value": "zip", "count": "1"}]}
                ]}
                """);

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal([("em", "email", 12L), ("ph", "phone", 2L), ("zp", "zip", 1L)], result.MatchKeys.Select(k => (k.Key, k.Identifier, k.Count)).ToArray());
        var purchase = result.Events.Single(e => e.EventName == "Purchase");
        Assert.Equal([("em", 9L), ("ph", 2L)], purchase.MatchKeys.Select(k => (k.Key, k.Count)).ToArray());
        Assert.Equal([("em", 3L), ("zp", 1L)], result.Events.Single(e => e.EventName == "Lead").MatchKeys.Select(k => (k.Key, k.Count)).ToArray());
    }

    [Fact]
    public async Task Rows_whose_value_is_an_object_are_read()
    {
        using var graph = new GraphHarness();
        StubStats(graph, byEvent: """{"data": [{"value": {"event": "Purchase", "count": 2}}, {"value": {"event": "Purchase", "count": 3}}]}""");

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(("Purchase", 5L), (Assert.Single(result.Events).EventName, result.Events[0].Total));
    }

    [Fact]
    public async Task A_next_link_without_cursors_is_followed_on_the_configured_host_with_its_parameters_but_no_credential()
    {
        using var graph = new GraphHarness();
        StubStats(graph, byEvent: $$$"""
            {"data": [{"data": [{"value": "Purchase", "count": 1}]}],
             "paging": {"next": "https://graph.facebook.com/v25.0/{{{GraphHarness.PixelId}}}/stats?aggregation=event&since=1767528000&until=1767571200&access_token=LEAKED"}}
            """);
        graph.Server.Given(Get(StatsPath, ("aggregation", "event"), ("until", "1767571200"))).AtPriority(1)
            .RespondWith(Answer("""{"data": [{"data": [{"value": "Purchase", "count": 2}]}]}"""));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(3, Assert.Single(result.Events).Total);
        var second = Gets(graph, StatsPath).Single(r => Query(r).ContainsKey("until"));
        Assert.Equal("1767528000", Query(second)["since"]);
        Assert.False(Query(second).ContainsKey("access_token"));
        Assert.DoesNotContain("LEAKED", second.RequestMessage.AbsoluteUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_stops_at_the_page_limit_with_a_warning()
    {
        using var graph = new GraphHarness();
        StubStats(graph, byEvent: StatsPage("again", ("2026-01-04T12:00:00+0000", [("Purchase", 1)])));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(100, Assert.Single(result.Events).Total);
        Assert.Contains(result.Warnings, w => w.Contains("Stopped after 100 pages of aggregation=event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_starts_no_new_request_after_the_total_timeout_and_says_what_it_left_out()
    {
        // Each page takes at least 0.5 s, so endless paging passes the 2 s budget after a few pages, however fast the machine.
        using var graph = new GraphHarness(o => o.TotalTimeout = TimeSpan.FromSeconds(2));
        graph.Server.Given(Get(StatsPath)).RespondWith(
            Answer(StatsPage("again", ("2026-01-04T12:00:00+0000", [("Purchase", 1)]))).WithDelay(TimeSpan.FromMilliseconds(500)));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.InRange(result.Requests, 1, 10);
        Assert.Equal(result.Requests, Assert.Single(result.Events).Total);
        Assert.Contains(result.Warnings, w => w.StartsWith("Stopped after", StringComparison.Ordinal) && w.Contains("META_HTTP_TOTAL_TIMEOUT_SECONDS", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("Not read: how many events carried each match key", StringComparison.Ordinal));
        Assert.Null(result.Events[0].Server);
    }

    [Theory]
    [InlineData(403, 200)]
    [InlineData(400, 10)]
    [InlineData(400, 100)]
    public async Task A_refused_read_fails_with_the_hint_that_names_the_token_that_can_read(int status, int code)
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(StatsPath)).RespondWith(GraphError(status, code, "(#200) Ad account owner has NOT grant ads_management or ads_read"));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(ReadStatus.Failed, result.Status);
        Assert.Equal((1, 1), (result.Attempts, result.Requests));
        Assert.Contains("Events Manager may send events but not read them", result.Error!.Hint, StringComparison.Ordinal);
        Assert.Contains("system user token with ads_read", result.Error.Hint, StringComparison.Ordinal);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task A_secondary_aggregation_meta_refuses_is_a_warning_and_the_counts_stay()
    {
        using var graph = new GraphHarness();
        StubStats(graph, byEvent: StatsPage(null, ("2026-01-04T12:00:00+0000", [("Purchase", 2)])));
        graph.Server.Given(Get(StatsPath, ("aggregation", "match_keys"))).AtPriority(1).RespondWith(GraphError(400, 100, "(#100) Invalid parameter"));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Equal(2, Assert.Single(result.Events).Total);
        Assert.Empty(result.MatchKeys);
        Assert.Contains(result.Warnings, w => w.Contains("match key", StringComparison.Ordinal) && w.Contains("code 100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_503_and_rate_limit_613_on_a_page_are_retried()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(StatsPath)).AtPriority(10).RespondWith(Answer("""{"data": []}"""));
        InTurn(graph.Server, () => Get(StatsPath, ("aggregation", "event")).WithParam("start_time", "1767528000"),
            Response.Create().WithStatusCode(503),
            GraphError(400, 613, "Calls to this api have exceeded the rate limit."),
            Answer(StatsPage(null, ("2026-01-04T12:00:00+0000", [("Purchase", 1)]))));

        var result = await graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Since, Until);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Equal(1, Assert.Single(result.Events).Total);

        // Three attempts for the page; one each for match_keys, the pixel-wide split and Purchase's split.
        Assert.Equal((6, 4), (result.Attempts, result.Requests));
    }

    [Fact]
    public async Task A_window_that_ends_before_it_starts_is_refused_before_any_request()
    {
        using var graph = new GraphHarness();

        await Assert.ThrowsAsync<ArgumentException>(() => graph.Client.GetEventStatsAsync(GraphHarness.PixelId, Until, Since));
        Assert.Empty(graph.Requests);
    }

    /// <summary>Stubs the three aggregations (and nothing per event unless a test adds it).</summary>
    private static void StubStats(GraphHarness graph, string byEvent, string? matchKeys = null, string? pixelWide = null)
    {
        graph.Server.Given(Get(StatsPath)).AtPriority(10).RespondWith(Answer("""{"data": []}"""));
        graph.Server.Given(Get(StatsPath, ("aggregation", "event"))).AtPriority(5).RespondWith(Answer(byEvent));
        if (matchKeys is not null)
        {
            graph.Server.Given(Get(StatsPath, ("aggregation", "match_keys"))).AtPriority(5).RespondWith(Answer(matchKeys));
        }

        if (pixelWide is not null)
        {
            graph.Server.Given(Get(StatsPath, ("aggregation", "event_source"))).AtPriority(5).RespondWith(Answer(pixelWide));
        }
    }
}
