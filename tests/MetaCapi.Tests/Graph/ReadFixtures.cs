using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MetaCapi.Tests.Graph;

/// <summary>
/// Answers shaped like Meta's documented examples for the Dataset Quality API and the pixel stats edge (the values are
/// ours), and helpers to stub and inspect GET requests on the fake Graph API.
/// </summary>
internal static class ReadFixtures
{
    public const string QualityPath = "/v25.0/dataset_quality";
    public const string StatsPath = "/v25.0/" + GraphHarness.PixelId + "/stats";

    /// <summary>Every documented field of <c>web</c>, two events, and the offline shape (beta).</summary>
    public const string FullQuality = """
        {
          "web": [
            {
              "event_name": "Purchase",
              "event_match_quality": {
                "composite_score": 7.4,
                "match_key_feedback": [
                  {"identifier": "email", "coverage": {"percentage": 98.5},
                   "potential_aly_acr_increase": {"percentage": 12.5, "description": "Similar advertisers who sent valid Email for Purchase saw a 12.5% median increase."}},
                  {"identifier": "phone", "coverage": {"percentage": 41.2},
                   "potential_aly_acr_increase": {"percentage": 8.1, "description": "Similar advertisers who sent valid Phone for Purchase saw a 8.1% median increase."}},
                  {"identifier": "ip_address", "coverage": {"percentage": 100}},
                  {"identifier": "user_agent", "coverage": {"percentage": 100}},
                  {"identifier": "fbc", "coverage": {"percentage": 17.3}}
                ],
                "diagnostics": [
                  {"name": "Server sending mismatched IP addresses",
                   "description": "Your server is sending client IP addresses that do not match those from Meta Pixel.",
                   "solution": "In your server payload, send the client_ip_address retrieved from customer interactions.",
                   "percentage": 22.5, "affected_event_count": 450, "total_event_count": 2000}
                ]
              },
              "event_coverage": {
                "percentage": 61.3, "goal_percentage": 75,
                "description": "The percentage of events received from your Conversions API compared to unique browser events from the Meta Pixel.",
                "potential_aly_acr_increase": {"percentage": 14.2, "description": "Similar advertisers saw a median of 14.2% additional conversions reported."}
              },
              "dedupe_key_feedback": [
                {"dedupe_key": "event_id",
                 "browser_events_with_dedupe_key": {"percentage": 100, "description": "The percentage of browser events that contain this dedupe key."},
                 "server_events_with_dedupe_key": {"percentage": 64, "description": "The percentage of server events that contain this dedupe key."},
                 "overall_browser_coverage_from_dedupe_key": {"percentage": 58.2, "description": "The overall percentage of browser events that are deduped."}},
                {"dedupe_key": "fbp",
                 "browser_events_with_dedupe_key": {"percentage": 97},
                 "server_events_with_dedupe_key": {"percentage": 12},
                 "overall_browser_coverage_from_dedupe_key": {"percentage": 3.5}}
              ],
              "data_freshness": {"upload_frequency": "hourly", "description": "The average frequency with which instances of this event are received through the Conversions API."},
              "acr": {"percentage": 21.7, "description": "In the last 7 days, you saw about 21.7% more conversions reported for Purchase events by using the Conversions API alongside the Meta Pixel."},
              "event_potential_aly_acr_increase": {"percentage": 9.9, "description": "Similar advertisers who set up Conversions API for Purchase events saw a median of 9.9% additional conversions reported."},
              "event_spend": {"amount": 12, "future": [1, 2]},
              "a_metric_from_the_future": {"percentage": 1}
            },
            {
              "event_name": "Lead",
              "event_match_quality": {
                "composite_score": 3.1,
                "match_key_feedback": [{"identifier": "external_id", "coverage": {"percentage": 100}}]
              }
            }
          ],
          "offline": [
            {
              "event_name": "Purchase",
              "composite": {"score": 6.6, "recommendation": "Your offline data quality score is ok, but could be improved."},
              "match_key": {"score": 5.6, "recommendation": "Send email and phone parameters.", "coverage": {"email": 100.0, "phone": 90.0}},
              "frequency": {"score": 4.6, "recommendation": "Share your offline data more often."},
              "freshness": {"score": 2.2, "recommendation": "Send your most recent offline conversion data sooner."}
            }
          ]
        }
        """;

    /// <summary>One stats bucket per hour, as Meta writes them.</summary>
    public static string StatsPage(string? after, params (string StartTime, (string Value, long Count)[] Rows)[] buckets)
    {
        var data = string.Join(",", buckets.Select(bucket =>
            $$"""{"start_time": "{{bucket.StartTime}}", "aggregation": "event", "data": [{{string.Join(",", bucket.Rows.Select(r => $$"""{"value": "{{r.Value}}", "count": {{r.Count}}}"""))}}]}"""));
        var paging = after is null
            ? """{"cursors": {"before": "b0"}}"""
            : $$"""{"cursors": {"before": "b0", "after": "{{after}}"}, "next": "https://graph.facebook.com/v25.0/{{GraphHarness.PixelId}}/stats?aggregation=event&after={{after}}"}""";
        return $$"""{"data": [{{data}}], "paging": {{paging}}}""";
    }

    public static IResponseBuilder Answer(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    public static IResponseBuilder GraphError(int status, int code, string message = "Error", int? subcode = null) =>
        Answer($$$"""{"error": {"message": "{{{message}}}", "type": "OAuthException", "code": {{{code}}}{{{(subcode is null ? "" : $", \"error_subcode\": {subcode}")}}}, "fbtrace_id": "ReadTrace7"}}""", status);

    /// <summary>An answer chosen per request from its decoded query (status and JSON body).</summary>
    public static IResponseBuilder ByQuery(Func<Dictionary<string, string>, (int Status, string Body)> answer) =>
        Response.Create().WithCallback(request =>
        {
            var (status, body) = answer(QueryOf(request.AbsoluteUrl));
            return new WireMock.ResponseMessage
            {
                StatusCode = status,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new WireMock.Util.BodyData { DetectedBodyType = WireMock.Types.BodyType.String, BodyAsString = body },
            };
        });

    /// <summary>GET on <paramref name="path"/>, optionally with query parameters equal to the given values.</summary>
    public static IRequestBuilder Get(string path, params (string Name, string Value)[] parameters)
    {
        var request = Request.Create().UsingGet().WithPath(path);
        foreach (var (name, value) in parameters)
        {
            request = request.WithParam(name, value);
        }

        return request;
    }

    /// <summary>Answers <paramref name="responses"/> in turn to requests matching <paramref name="request"/>, the last one from then on.</summary>
    public static void InTurn(WireMockServer server, Func<IRequestBuilder> request, params IResponseBuilder[] responses)
    {
        var scenario = Guid.NewGuid().ToString("N");
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = server.Given(request()).InScenario(scenario);
            mapping = i == 0 ? mapping : mapping.WhenStateIs($"step-{i}");
            if (i < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"step-{i + 1}");
            }

            mapping.RespondWith(responses[i]);
        }
    }

    /// <summary>The query of a logged request, decoded, read from the raw query (no list splitting on commas).</summary>
    public static Dictionary<string, string> Query(ILogEntry entry) => QueryOf(entry.RequestMessage.AbsoluteUrl);

    private static Dictionary<string, string> QueryOf(string absoluteUrl)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        var raw = new Uri(absoluteUrl).Query.TrimStart('?');
        foreach (var pair in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]);
            query[name] = separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..]);
        }

        return query;
    }

    /// <summary>The logged GET requests on <paramref name="path"/>, in the order they arrived.</summary>
    public static List<ILogEntry> Gets(GraphHarness graph, string path) =>
        [.. graph.Requests.Where(e => e.RequestMessage.Method == "GET" && e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime)];
}
