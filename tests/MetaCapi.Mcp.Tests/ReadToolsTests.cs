using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using MetaCapi.Mcp.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// <c>meta_get_dataset_quality</c> and <c>meta_get_event_stats</c> through the real server process and the SDK's client,
/// with WireMock answering like Meta's read APIs.
/// </summary>
public sealed class ReadToolsTests(ServerFixture fixture) : ServerTest(fixture)
{
    private const string Quality = "meta_get_dataset_quality";
    private const string Stats = "meta_get_event_stats";
    private const string QualityPath = "/v25.0/dataset_quality";
    private const string StatsPath = "/v25.0/" + GraphFake.PixelId + "/stats";

    private const string QualityAnswer = """
        {"web": [
          {"event_name": "Purchase",
           "event_match_quality": {"composite_score": 7.4,
             "match_key_feedback": [
               {"identifier": "email", "coverage": {"percentage": 98.5}},
               {"identifier": "phone", "coverage": {"percentage": 41.2}, "potential_aly_acr_increase": {"percentage": 8.1, "description": "Similar advertisers saw 8.1%."}},
               {"identifier": "ip_address", "coverage": {"percentage": 100}}, {"identifier": "user_agent", "coverage": {"percentage": 100}},
               {"identifier": "fbc", "coverage": {"percentage": 95}}, {"identifier": "external_id", "coverage": {"percentage": 100}},
               {"identifier": "fbp", "coverage": {"percentage": 99}}],
             "diagnostics": [{"name": "Server sending mismatched IP addresses", "description": "Your server sends IPs that differ from the Pixel's.",
               "solution": "In your server payload, send the client_ip_address retrieved from customer interactions.", "percentage": 22.5,
               "affected_event_count": 450, "total_event_count": 2000}]},
           "event_coverage": {"percentage": 61.3, "goal_percentage": 75},
           "dedupe_key_feedback": [{"dedupe_key": "event_id", "browser_events_with_dedupe_key": {"percentage": 100},
             "server_events_with_dedupe_key": {"percentage": 64}, "overall_browser_coverage_from_dedupe_key": {"percentage": 58.2}}],
           "data_freshness": {"upload_frequency": "real_time"},
           "acr": {"percentage": 21.7, "description": "In the last 7 days, you saw about 21.7% more conversions reported."}},
          {"event_name": "Lead", "event_match_quality": {"composite_score": 3.1}}
        ]}
        """;

    [Fact]
    public async Task Both_read_tools_are_listed_read_only_idempotent_and_open_world_with_their_output_schemas()
    {
        var tools = (await Server.Client.ListToolsAsync()).Select(t => t.ProtocolTool).ToDictionary(t => t.Name);

        foreach (var (name, parameters) in new[] { (Quality, new[] { "pixel_id", "agent_name", "response_format" }), (Stats, new[] { "pixel_id", "since", "until", "response_format" }) })
        {
            var tool = tools[name];
            Assert.True(tool.Annotations!.ReadOnlyHint);
            Assert.False(tool.Annotations.DestructiveHint);
            Assert.True(tool.Annotations.IdempotentHint);
            Assert.True(tool.Annotations.OpenWorldHint);
            Assert.False(string.IsNullOrEmpty(tool.Title));
            Assert.Contains("ads_read", tool.Description, StringComparison.Ordinal);
            Assert.Equal(parameters, tool.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(["pixel_id"], tool.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToArray());
            var output = tool.OutputSchema!.Value.GetProperty("properties");
            foreach (var field in new[] { "status", "pixel_id", "events", "attempts", "warnings", "errors", "meta_error" })
            {
                Assert.True(output.TryGetProperty(field, out _), $"{name} output schema lacks {field}");
            }
        }

        Assert.True(tools[Quality].OutputSchema!.Value.GetProperty("properties").TryGetProperty("advice", out _));
        Assert.True(tools[Stats].OutputSchema!.Value.GetProperty("properties").TryGetProperty("window", out _));
    }

    [Fact]
    public async Task Dataset_quality_gives_metas_metrics_per_event_and_advice_naming_the_parameter()
    {
        Graph.Server.Given(Request.Create().UsingGet().WithPath(QualityPath)).RespondWith(Json(QualityAnswer));

        var result = await Server.CallAsync(Quality, $$"""{"pixel_id": "{{GraphFake.PixelId}}", "agent_name": "shopify"}""");

        Assert.Equal("ok", result.Status());
        Assert.NotEqual(true, result.IsError);
        var structured = result.Structured();
        var purchase = structured.GetProperty("events")[0];
        Assert.Equal("Purchase", purchase.GetProperty("event_name").GetString());
        Assert.Equal(7.4, purchase.GetProperty("emq").GetDouble());
        Assert.Equal("good", purchase.GetProperty("emq_rating").GetString());
        Assert.Equal(41.2, purchase.GetProperty("match_keys").EnumerateArray().Single(k => k.GetProperty("key").GetString() == "ph").GetProperty("coverage_percent").GetDouble());
        Assert.Equal(61.3, purchase.GetProperty("event_coverage_percent").GetDouble());
        Assert.Equal(75, purchase.GetProperty("event_coverage_goal_percent").GetDouble());
        Assert.Equal("real_time", purchase.GetProperty("upload_frequency").GetString());
        Assert.Equal(21.7, purchase.GetProperty("acr_percent").GetDouble());
        Assert.Equal(JsonValueKind.Null, structured.GetProperty("events")[1].GetProperty("event_coverage_percent").ValueKind);
        var advice = structured.GetProperty("advice").EnumerateArray().Select(a => a.GetProperty("parameter").GetString()!).ToArray();
        Assert.Equal(["user_data.ph", "event_id", "event_name", "user_data.client_ip_address"], advice);
        Assert.Equal("shopify", Query(Assert.Single(Gets(QualityPath)))["agent_name"]);
    }

    [Fact]
    public async Task Dataset_quality_markdown_has_a_table_per_event_with_a_bar_the_rating_the_top_diagnostic_and_numbered_advice()
    {
        Graph.Server.Given(Request.Create().UsingGet().WithPath(QualityPath)).RespondWith(Json(QualityAnswer));

        var text = (await Server.CallAsync(Quality, $$"""{"pixel_id": "{{GraphFake.PixelId}}"}""")).Text();

        Assert.StartsWith($"**Dataset quality for pixel {GraphFake.PixelId}**: 2 web events; Event Match Quality from 3.1 (poor) to 7.4 (good).", text, StringComparison.Ordinal);
        Assert.Contains("### Purchase\n\n| | |\n| --- | --- |\n| Event Match Quality | `███████░░░` 7.4 / 10, good |", text, StringComparison.Ordinal);
        Assert.Contains("### Lead", text, StringComparison.Ordinal);
        Assert.Contains("| Event Match Quality | `███░░░░░░░` 3.1 / 10, poor |", text, StringComparison.Ordinal);
        Assert.Contains("em 98.5% · ph **41.2%** · client_ip_address 100%", text, StringComparison.Ordinal);
        Assert.Contains("| Top diagnostic | **Server sending mismatched IP addresses** (22.5% of events): In your server payload, send the client_ip_address", text, StringComparison.Ordinal);
        Assert.Contains("**Advice** (most valuable first)\n\n1. `user_data.ph` (Purchase): Pass user_data.ph with the country", text, StringComparison.Ordinal);
        Assert.Contains("2. `event_id` (Purchase): Give event_id equal to the browser Pixel's eventID", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_response_format_gives_the_structured_object_as_text()
    {
        Graph.Server.Given(Request.Create().UsingGet().WithPath(QualityPath)).RespondWith(Json(QualityAnswer));

        var result = await Server.CallAsync(Quality, $$"""{"pixel_id": "{{GraphFake.PixelId}}", "response_format": "json"}""");

        using var text = JsonDocument.Parse(result.Text());
        Assert.True(JsonElement.DeepEquals(text.RootElement, result.Structured()));
    }

    [Fact]
    public async Task A_token_that_may_not_read_gets_a_failed_result_saying_which_token_can()
    {
        Graph.Server.Given(Request.Create().UsingGet()).RespondWith(
            GraphFake.GraphError(403, 200, message: "(#200) Ad account owner has NOT grant ads_management or ads_read"));

        var quality = await Server.CallAsync(Quality, $$"""{"pixel_id": "{{GraphFake.PixelId}}"}""");
        var stats = await Server.CallAsync(Stats, $$"""{"pixel_id": "{{GraphFake.PixelId}}"}""");

        foreach (var result in new[] { quality, stats })
        {
            Assert.Equal("failed", result.Status());
            Assert.True(result.IsError);
            var error = result.Structured().GetProperty("meta_error");
            Assert.Equal(200, error.GetProperty("code").GetInt32());
            Assert.False(error.GetProperty("retryable").GetBoolean());
            Assert.Contains("system user token with ads_read", error.GetProperty("hint").GetString(), StringComparison.Ordinal);
            Assert.Contains("**Next step:** The access token may not read this dataset.", result.Text(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Event_stats_follow_every_page_split_each_event_by_source_and_warn_about_browser_only_events()
    {
        Graph.Server.Given(Get()).AtPriority(10).RespondWith(Json("""{"data": []}"""));
        Graph.Server.Given(Get(("aggregation", "event"))).AtPriority(5).RespondWith(Json(Page("p2", ("Purchase", 3), ("PageView", 400))));
        Graph.Server.Given(Get(("aggregation", "event"), ("after", "p2"))).AtPriority(1).RespondWith(Json(Page("p3", ("Purchase", 2))));
        Graph.Server.Given(Get(("aggregation", "event"), ("after", "p3"))).AtPriority(1).RespondWith(Json(Page(null, ("Purchase", 5), ("PageView", 100))));
        Graph.Server.Given(Get(("aggregation", "event_source"))).AtPriority(5).RespondWith(Json(Page(null, ("BROWSER", 503), ("SERVER", 7))));
        Graph.Server.Given(Get(("aggregation", "event_source"), ("event", "Purchase"))).AtPriority(1).RespondWith(Json(Page(null, ("SERVER", 7), ("BROWSER", 3))));
        Graph.Server.Given(Get(("aggregation", "event_source"), ("event", "PageView"))).AtPriority(1).RespondWith(Json(Page(null, ("BROWSER", 500))));
        Graph.Server.Given(Get(("aggregation", "match_keys"))).AtPriority(5).RespondWith(Json(Page(null, ("email", 8), ("client_user_agent", 510))));

        // A window within Meta's 7 days (an older one adds a warning): unix seconds for since, ISO 8601 for until.
        var until = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600);
        var since = until.AddHours(-24);
        var untilIso = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var result = await Server.CallAsync(Stats, $$"""{"pixel_id": "{{GraphFake.PixelId}}", "since": {{since.ToUnixTimeSeconds()}}, "until": "{{untilIso}}"}""");

        Assert.Equal("ok", result.Status());
        var structured = result.Structured();
        Assert.Equal(since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), structured.GetProperty("window").GetProperty("since").GetString());
        Assert.Equal(untilIso, structured.GetProperty("window").GetProperty("until").GetString());
        var events = structured.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("event_name").GetString()!, e.GetProperty("total").GetInt64(), e.GetProperty("server").GetInt64(), e.GetProperty("browser").GetInt64()))
            .ToArray();
        Assert.Equal([("PageView", 500L, 0L, 500L), ("Purchase", 10L, 7L, 3L)], events);
        Assert.Equal(["client_user_agent", "em"], structured.GetProperty("match_keys").EnumerateArray().Select(k => k.GetProperty("key").GetString()!).ToArray());
        var warning = Assert.Single(result.Issues("warnings"));
        Assert.Equal("events.PageView", warning.Path);
        Assert.Contains("only from the browser Pixel", warning.Message, StringComparison.Ordinal);

        var pages = Gets(StatsPath).Where(r => Query(r)["aggregation"] == "event").ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(Gets(StatsPath), request =>
        {
            Assert.Equal(since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Query(request)["start_time"]);
            Assert.Equal(until.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Query(request)["end_time"]);
            Assert.Equal($"Bearer {ServerCommand.AccessToken}", Assert.Single(request.RequestMessage.Headers!["Authorization"]));
            Assert.DoesNotContain(ServerCommand.AccessToken, request.RequestMessage.AbsoluteUrl, StringComparison.Ordinal);
        });

        var text = result.Text();
        var window = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{since:yyyy-MM-dd HH:mm} → {until:yyyy-MM-dd HH:mm} UTC");
        Assert.Contains($"**Event stats for pixel {GraphFake.PixelId}**, {window}: 510 events, 2 event names; 1.4% from the server (Conversions API).", text, StringComparison.Ordinal);
        Assert.Contains("| event | total | server | browser | other | server share |", text, StringComparison.Ordinal);
        Assert.Contains("| PageView | 500 | 0 | 500 | 0 | `░░░░░░░░░░` 0% **browser only** |", text, StringComparison.Ordinal);
        Assert.Contains("| Purchase | 10 | 7 | 3 | 0 | `███████░░░` 70% |", text, StringComparison.Ordinal);
        Assert.Contains("**Match keys** (events carrying each, of 510): client_user_agent 510 · em 8", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_stats_retry_a_503_then_a_613_and_report_the_attempts()
    {
        Graph.Server.Given(Get()).AtPriority(10).RespondWith(Json("""{"data": []}"""));
        const string Scenario = "read-retry";
        Graph.Server.Given(Get(("aggregation", "event"))).AtPriority(1).InScenario(Scenario).WillSetStateTo("1").RespondWith(Response.Create().WithStatusCode(503));
        Graph.Server.Given(Get(("aggregation", "event"))).AtPriority(1).InScenario(Scenario).WhenStateIs("1").WillSetStateTo("2")
            .RespondWith(GraphFake.GraphError(400, 613, message: "Calls to this api have exceeded the rate limit."));
        Graph.Server.Given(Get(("aggregation", "event"))).AtPriority(1).InScenario(Scenario).WhenStateIs("2").RespondWith(Json(Page(null, ("Lead", 2))));

        var result = await Server.CallAsync(Stats, $$"""{"pixel_id": "{{GraphFake.PixelId}}"}""");

        Assert.Equal("ok", result.Status());
        Assert.Equal(2, result.Structured().GetProperty("events")[0].GetProperty("total").GetInt64());
        Assert.Equal(6, result.Structured().GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task An_iso_time_without_offset_is_utc_and_a_window_older_than_metas_seven_days_is_warned()
    {
        Graph.Server.Given(Get()).RespondWith(Json("""{"data": []}"""));

        var result = await Server.CallAsync(Stats, $$"""{"pixel_id": "{{GraphFake.PixelId}}", "since": "2020-03-01T10:00:00", "until": "2020-03-02"}""");

        Assert.Equal("ok", result.Status());
        var window = result.Structured().GetProperty("window");
        Assert.Equal(("2020-03-01T10:00:00Z", "2020-03-02T00:00:00Z"), (window.GetProperty("since").GetString(), window.GetProperty("until").GetString()));
        Assert.All(Gets(StatsPath), request => Assert.Equal("1583056800", Query(request)["start_time"]));
        Assert.Contains(result.Issues("warnings"), w => w.Path == "since" && w.Message.Contains("about 7 days", StringComparison.Ordinal));
        Assert.Contains(result.Issues("warnings"), w => w.Path == "window" && w.Message.Contains("no events", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Stats, """{"pixel_id": "12ab"}""", "pixel_id")]
    [InlineData(Stats, """{"pixel_id": "1234567890", "since": 1767528000000}""", "since")]
    [InlineData(Stats, """{"pixel_id": "1234567890", "since": "yesterday"}""", "since")]
    [InlineData(Stats, """{"pixel_id": "1234567890", "since": 1767614400, "until": 1767528000}""", "since")]
    [InlineData(Stats, """{"pixel_id": "1234567890", "until": "5 pm"}""", "until")]
    [InlineData(Stats, """{"pixel_id": "1234567890", "event_name": "Purchase"}""", "event_name")]
    [InlineData(Quality, """{"pixel_id": "1234567890", "agent_name": 7}""", "agent_name")]
    [InlineData(Quality, """{}""", "pixel_id")]
    public async Task Bad_arguments_are_rejected_naming_the_parameter_and_nothing_is_asked(string tool, string arguments, string path)
    {
        var result = await Server.CallAsync(tool, arguments);

        Assert.Equal("rejected", result.Status());
        Assert.True(result.IsError);
        Assert.Contains(path, result.Error(path), StringComparison.Ordinal);
        Assert.StartsWith("**Rejected, nothing was asked**", result.Text(), StringComparison.Ordinal);
        Assert.Empty(Graph.Server.LogEntries);
    }

    [Fact]
    public async Task Any_arguments_get_a_well_formed_read_result_and_the_server_keeps_answering()
    {
        Graph.Server.Given(Request.Create().UsingGet().WithPath(QualityPath)).RespondWith(Json(QualityAnswer));
        // Any pixel's stats: a generated pixel_id can be a valid ID other than the fake's, and is then read like it.
        Graph.Server.Given(Request.Create().UsingGet().WithPath(new WildcardMatcher("/v25.0/*/stats")))
            .RespondWith(Json(Page(null, ("Purchase", 2))));
        string[] names = ["pixel_id", "agent_name", "since", "until", "response_format", "event_name", "", "PIXEL_ID"];
        var arguments = Gen.Select(
            Gen.OneOf(names).Array[0, 5],
            HostileJson.Value(2).Array[5],
            Gen.Bool,
            (keys, values, validPixel) =>
            {
                var call = new JsonObject();
                for (var i = 0; i < keys.Length; i++)
                {
                    call[keys[i]] = values[i]?.DeepClone();
                }

                if (validPixel)
                {
                    call["pixel_id"] = GraphFake.PixelId;
                }

                return call;
            });
        var statuses = new Dictionary<string, int>();

        // A quarter of the calls are plain valid ones, so both outcomes are reached whatever the random draw: without
        // them a draw could give too few valid calls for the threshold below (seen once in a few runs).
        var calls = Gen.Frequency((3, arguments), (1, Gen.Const(() => new JsonObject { ["pixel_id"] = GraphFake.PixelId })));
        await Gen.Select(Gen.OneOf(Quality, Stats), calls).SampleAsync(
            async call =>
            {
                var result = await Server.CallAsync(call.Item1, call.Item2.ToJsonString());
                var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
                var status = result.Status();
                Assert.Contains(status, new[] { "ok", "rejected" });
                Assert.Equal(status == "rejected", result.IsError ?? false);
                Assert.DoesNotContain(result.Issues("errors"), issue => issue.Path == "server");
                Assert.True(text.StartsWith("**", StringComparison.Ordinal) || text.StartsWith('{'), text);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            },
            iter: 100,
            threads: 1,
            print: call => $"{call.Item1} {call.Item2.ToJsonString()[..Math.Min(2000, call.Item2.ToJsonString().Length)]}");

        Assert.True(statuses.GetValueOrDefault("ok") > 5 && statuses.GetValueOrDefault("rejected") > 5, string.Join(", ", statuses));
        Assert.Equal("ok", (await Server.CallAsync(Stats, $$"""{"pixel_id": "{{GraphFake.PixelId}}"}""")).Status());
    }

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body);

    private static IRequestBuilder Get(params (string Name, string Value)[] parameters)
    {
        var request = Request.Create().UsingGet().WithPath(StatsPath);
        foreach (var (name, value) in parameters)
        {
            request = request.WithParam(name, value);
        }

        return request;
    }

    private static string Page(string? after, params (string Value, long Count)[] rows)
    {
        var data = string.Join(",", rows.Select(r => $$"""{"value": "{{r.Value}}", "count": {{r.Count}}}"""));
        var paging = after is null ? "{}" : $$"""{"cursors": {"after": "{{after}}"}, "next": "https://graph.facebook.com/v25.0/1/stats?after={{after}}"}""";
        return $$"""{"data": [{"start_time": "2026-01-04T12:00:00+0000", "data": [{{data}}]}], "paging": {{paging}}}""";
    }

    private List<ILogEntry> Gets(string path) =>
        [.. Graph.Server.LogEntries.Where(e => e.RequestMessage.Method == "GET" && e.RequestMessage.Path == path)];

    private static Dictionary<string, string> Query(ILogEntry entry)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in new Uri(entry.RequestMessage.AbsoluteUrl).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            query[Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator])] =
                separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..]);
        }

        return query;
    }
}
