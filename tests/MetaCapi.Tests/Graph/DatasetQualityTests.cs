using MetaCapi.Graph;
using static MetaCapi.Tests.Graph.ReadFixtures;

namespace MetaCapi.Tests.Graph;

public sealed class DatasetQualityTests
{
    // printf %s 'EAAtest-token-123' | openssl dgst -sha256 -hmac 'app-secret-xyz'
    private const string ExpectedProof = "e6b7c99127ddd32d1b1873491e2a77bd7a26363c4db2ec21f5bb6bc3d8db3e9d";

    [Fact]
    public async Task Reads_the_top_level_dataset_quality_node_with_the_dataset_id_and_every_field()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer(FullQuality));

        await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var request = Assert.Single(graph.Requests);
        Assert.Equal("GET", request.RequestMessage.Method);
        Assert.Equal(QualityPath, request.RequestMessage.Path);
        var query = Query(request);
        Assert.Equal(GraphHarness.PixelId, query["dataset_id"]);
        Assert.False(query.ContainsKey("agent_name"));
        var fields = query["fields"];
        foreach (var field in new[]
                 {
                     "web{event_name,event_match_quality{composite_score,match_key_feedback{identifier,coverage{percentage},potential_aly_acr_increase{percentage,description}}",
                     "diagnostics{name,description,solution,percentage,affected_event_count,total_event_count}",
                     "event_coverage{percentage,goal_percentage,description,potential_aly_acr_increase{percentage,description}}",
                     "dedupe_key_feedback{dedupe_key,browser_events_with_dedupe_key{percentage,description}",
                     "data_freshness{upload_frequency,description}", "acr{percentage,description}",
                     "event_potential_aly_acr_increase{percentage,description}", "offline{event_name,composite,match_key,frequency,freshness}",
                 })
        {
            Assert.Contains(field, fields, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Agent_name_is_sent_when_given()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer(FullQuality));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId, "  shopify ");

        Assert.Equal("shopify", Query(Assert.Single(graph.Requests))["agent_name"]);
        Assert.Equal("shopify", result.AgentName);
    }

    [Fact]
    public async Task The_token_goes_in_a_bearer_header_and_never_in_the_url()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer(FullQuality));

        await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var request = Assert.Single(graph.Requests).RequestMessage;
        Assert.Equal($"Bearer {GraphHarness.Token}", Assert.Single(request.Headers!["Authorization"]));
        Assert.DoesNotContain(GraphHarness.Token, request.AbsoluteUrl, StringComparison.Ordinal);
        Assert.False(Query(Assert.Single(graph.Requests)).ContainsKey("access_token"));
        Assert.DoesNotContain(graph.Logs.Lines, line => line.Contains(GraphHarness.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_app_secret_the_proof_goes_in_the_query_and_the_secret_nowhere()
    {
        using var graph = new GraphHarness(o => o.AppSecret = GraphHarness.Secret);
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer(FullQuality));

        await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var request = Assert.Single(graph.Requests);
        Assert.Equal(ExpectedProof, Query(request)["appsecret_proof"]);
        Assert.DoesNotContain(GraphHarness.Secret, request.RequestMessage.AbsoluteUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(request.RequestMessage.Headers!, header => header.Value.Any(v => v.Contains(GraphHarness.Secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_documented_web_field_is_read()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer(FullQuality));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, result.Requests);
        Assert.Empty(result.Warnings);
        var purchase = result.Events[0];
        Assert.Equal(("Purchase", "web"), (purchase.EventName, purchase.Source));
        Assert.Equal(7.4, purchase.Emq);
        Assert.Equal("good", purchase.EmqRating);
        Assert.Equal(
            [("em", "email", 98.5, 12.5), ("ph", "phone", 41.2, 8.1), ("client_ip_address", "ip_address", 100, null),
             ("client_user_agent", "user_agent", 100, null), ("fbc", "fbc", 17.3, null)],
            purchase.MatchKeys.Select(k => (k.Key, k.Identifier, k.CoveragePercent, k.PotentialAcrPercent)).ToArray());
        var diagnostic = Assert.Single(purchase.Diagnostics);
        Assert.Equal("Server sending mismatched IP addresses", diagnostic.Name);
        Assert.StartsWith("Your server is sending client IP addresses", diagnostic.Description, StringComparison.Ordinal);
        Assert.StartsWith("In your server payload, send the client_ip_address", diagnostic.Solution, StringComparison.Ordinal);
        Assert.Equal((22.5, 450L, 2000L), (diagnostic.AffectedPercent!.Value, diagnostic.AffectedEventCount!.Value, diagnostic.TotalEventCount!.Value));
        Assert.Equal((61.3, 75.0, 14.2), (purchase.EventCoveragePercent!.Value, purchase.EventCoverageGoalPercent!.Value, purchase.EventCoveragePotentialAcrPercent!.Value));
        Assert.Equal(
            [("event_id", 100.0, 64.0, 58.2), ("fbp", 97.0, 12.0, 3.5)],
            purchase.Dedup.Select(d => (d.Key, d.BrowserPercent!.Value, d.ServerPercent!.Value, d.DeduplicatedBrowserPercent!.Value)).ToArray());
        Assert.Equal("hourly", purchase.UploadFrequency);
        Assert.Equal(21.7, purchase.AcrPercent);
        Assert.StartsWith("In the last 7 days, you saw about 21.7% more conversions", purchase.AcrDescription, StringComparison.Ordinal);
        Assert.Equal(9.9, purchase.PotentialAcrPercent);
        Assert.StartsWith("Similar advertisers who set up Conversions API", purchase.PotentialAcrDescription, StringComparison.Ordinal);

        var lead = result.Events[1];
        Assert.Equal(("Lead", 3.1, "poor"), (lead.EventName, lead.Emq!.Value, lead.EmqRating));
        Assert.Equal("external_id", Assert.Single(lead.MatchKeys).Key);
    }

    [Fact]
    public async Task Offline_events_are_read_with_their_scores_and_key_coverage()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer(FullQuality));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var offline = result.Events.Single(e => e.Source == EventQuality.Sources.Offline);
        Assert.Equal("Purchase", offline.EventName);
        Assert.Null(offline.Emq);
        Assert.Equal(
            [("composite", 6.6), ("match_key", 5.6), ("frequency", 4.6), ("freshness", 2.2)],
            offline.Scores.Select(s => (s.Name, s.Score!.Value)).ToArray());
        Assert.Equal("Your offline data quality score is ok, but could be improved.", offline.Scores[0].Recommendation);
        Assert.Equal([("em", 100.0), ("ph", 90.0)], offline.MatchKeys.Select(k => (k.Key, k.CoveragePercent!.Value)).ToArray());
    }

    [Fact]
    public async Task Fields_meta_did_not_return_stay_null_and_nothing_is_invented()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer("""{"web": [{"event_name": "ViewContent"}]}"""));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var quality = Assert.Single(result.Events);
        Assert.Equal("ViewContent", quality.EventName);
        Assert.Null(quality.Emq);
        Assert.Null(quality.EmqRating);
        Assert.Empty(quality.MatchKeys);
        Assert.Empty(quality.Diagnostics);
        Assert.Empty(quality.Dedup);
        Assert.Null(quality.EventCoveragePercent);
        Assert.Null(quality.EventCoverageGoalPercent);
        Assert.Null(quality.UploadFrequency);
        Assert.Null(quality.AcrPercent);
        Assert.Null(quality.PotentialAcrPercent);
    }

    [Fact]
    public async Task An_answer_without_any_event_is_ok_and_empty()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer("""{"web": []}"""));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Other_spellings_and_shapes_of_the_same_fields_are_read()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer("""
            {"data": [{"web": {"data": [{
              "event_name": "AddToCart",
              "event_match_quality": {"composite_score": "6.5", "match_key_feedback": {"data": [{"identifier": "external_id", "coverage": 88}]}},
              "diagnostics": [{"name": "Missing event_id", "solution": "Send event_id.", "percentage": "12.5"}],
              "event_coverage": 40,
              "dedup_key_feedback": [{"dedup_key": "event_id", "browser_events_with_dedup_key": 99, "server_events_with_dedup_key": {"percentage": "45"}}],
              "data_freshness": "daily",
              "acr": 3
            }]}}]}
            """));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var quality = Assert.Single(result.Events);
        Assert.Equal(("AddToCart", 6.5), (quality.EventName, quality.Emq!.Value));
        Assert.Equal(("external_id", 88.0), (Assert.Single(quality.MatchKeys).Key, quality.MatchKeys[0].CoveragePercent!.Value));
        Assert.Equal(("Missing event_id", 12.5), (Assert.Single(quality.Diagnostics).Name, quality.Diagnostics[0].AffectedPercent!.Value));
        Assert.Equal(40, quality.EventCoveragePercent);
        Assert.Equal(("event_id", 99.0, 45.0), (Assert.Single(quality.Dedup).Key, quality.Dedup[0].BrowserPercent!.Value, quality.Dedup[0].ServerPercent!.Value));
        Assert.Equal("daily", quality.UploadFrequency);
        Assert.Equal(3, quality.AcrPercent);
    }

    [Fact]
    public async Task Values_of_an_unexpected_type_are_absent_not_an_error()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(Answer("""
            {"web": [{"event_name": 12, "event_match_quality": {"composite_score": {"odd": true}, "match_key_feedback": [{"coverage": 5}, "x", 3]},
                      "event_coverage": {"percentage": "n/a"}, "dedupe_key_feedback": "none", "acr": [1]}, "not an object"]}
            """));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        var quality = Assert.Single(result.Events);
        Assert.Equal("12", quality.EventName);
        Assert.Null(quality.Emq);
        Assert.Empty(quality.MatchKeys);
        Assert.Null(quality.EventCoveragePercent);
        Assert.Empty(quality.Dedup);
        Assert.Null(quality.AcrPercent);
    }

    [Fact]
    public async Task A_field_meta_calls_nonexisting_is_dropped_and_asked_again_with_a_warning()
    {
        using var graph = new GraphHarness();
        InTurn(graph.Server, () => Get(QualityPath),
            GraphError(400, 100, "(#100) Tried accessing nonexisting field (potential_aly_acr_increase) on node type (AdsPixelCAPIEMQ)"),
            Answer(FullQuality));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        var requests = Gets(graph, QualityPath);
        Assert.Equal(2, requests.Count);
        Assert.Contains(",potential_aly_acr_increase{", Query(requests[0])["fields"], StringComparison.Ordinal);
        Assert.DoesNotContain(",potential_aly_acr_increase", Query(requests[1])["fields"], StringComparison.Ordinal);
        Assert.Contains(",event_potential_aly_acr_increase{", Query(requests[1])["fields"], StringComparison.Ordinal);
        Assert.Contains("match_key_feedback{identifier,coverage{percentage}}", Query(requests[1])["fields"], StringComparison.Ordinal);
        Assert.Equal(["potential_aly_acr_increase"], result.FieldsDropped);
        Assert.Contains(result.Warnings, w => w.Contains("potential_aly_acr_increase", StringComparison.Ordinal) && w.Contains("asked again without it", StringComparison.Ordinal));
        Assert.Equal((2, 2), (result.Attempts, result.Requests));
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task A_refused_dedupe_spelling_is_asked_again_as_dedup_and_then_without_it()
    {
        using var graph = new GraphHarness();
        InTurn(graph.Server, () => Get(QualityPath),
            GraphError(400, 100, "(#100) Tried accessing nonexisting field (dedupe_key_feedback)"),
            GraphError(400, 100, "(#100) Tried accessing nonexisting field (dedup_key_feedback)"),
            Answer("""{"web": [{"event_name": "Purchase", "event_match_quality": {"composite_score": 8.1}}]}"""));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        var fields = Gets(graph, QualityPath).Select(r => Query(r)["fields"]).ToArray();
        Assert.Equal(3, fields.Length);
        Assert.Contains("dedupe_key_feedback{", fields[0], StringComparison.Ordinal);
        Assert.Contains(",dedup_key_feedback,", fields[1], StringComparison.Ordinal);
        Assert.DoesNotContain("dedupe_key_feedback", fields[1], StringComparison.Ordinal);
        Assert.DoesNotContain("dedup", fields[2], StringComparison.Ordinal);
        Assert.Equal(["dedupe_key_feedback", "dedup_key_feedback"], result.FieldsDropped);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Equal(8.1, Assert.Single(result.Events).Emq);
    }

    [Fact]
    public async Task A_nonexisting_field_that_was_not_asked_for_fails_with_metas_error()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(GraphError(400, 100, "(#100) Tried accessing nonexisting field (something_else)"));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Failed, result.Status);
        Assert.Single(graph.Requests);
        Assert.Equal(100, result.Error!.Code);
        Assert.Equal(400, result.HttpStatus);
        Assert.Equal("ReadTrace7", result.FbtraceId);
    }

    [Theory]
    [InlineData(403, 200)]
    [InlineData(400, 10)]
    [InlineData(400, 100)]
    public async Task A_permission_error_says_which_token_can_read_and_is_not_retried(int status, int code)
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(GraphError(status, code, "(#200) Missing permissions"));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Failed, result.Status);
        Assert.Equal(code, result.Error!.Code);
        Assert.False(result.Error.Retryable);
        Assert.Contains("Events Manager may send events but not read them", result.Error.Hint, StringComparison.Ordinal);
        Assert.Contains("system user token with ads_read", result.Error.Hint, StringComparison.Ordinal);
        Assert.Equal(result.Requests, result.Attempts);
        Assert.DoesNotContain(graph.Requests, r => r.RequestMessage.Method != "GET");
    }

    [Fact]
    public async Task A_permission_error_is_asked_again_once_without_the_offline_beta()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(ByQuery(query => query["fields"].Contains("offline", StringComparison.Ordinal)
            ? (403, """{"error": {"message": "(#200) Requires beta access", "type": "OAuthException", "code": 200}}""")
            : (200, """{"web": [{"event_name": "Purchase", "event_match_quality": {"composite_score": 6.2}}]}""")));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Equal(2, graph.Requests.Count);
        Assert.Equal(["offline"], result.FieldsDropped);
        Assert.Contains(result.Warnings, w => w.Contains("offline", StringComparison.Ordinal) && w.Contains("beta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_503_is_retried_through_the_same_pipeline()
    {
        using var graph = new GraphHarness();
        InTurn(graph.Server, () => Get(QualityPath), WireMock.ResponseBuilders.Response.Create().WithStatusCode(503), Answer(FullQuality));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Equal((2, 1), (result.Attempts, result.Requests));
        Assert.Equal(2, graph.Requests.Count);
    }

    [Fact]
    public async Task Rate_limit_613_is_retried_even_on_http_400()
    {
        using var graph = new GraphHarness();
        InTurn(graph.Server, () => Get(QualityPath), GraphError(400, 613, "Calls to this api have exceeded the rate limit."), Answer(FullQuality));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Ok, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task An_expired_token_is_not_retried_and_gets_the_token_hint()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(GraphError(400, 190, "Error validating access token", subcode: 463));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("expired", result.Error!.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_fails_with_a_description_not_a_quote()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Get(QualityPath)).RespondWith(
            WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html>secret page</html>"));

        var result = await graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId);

        Assert.Equal(ReadStatus.Failed, result.Status);
        Assert.Contains("not the expected JSON", result.TransportError, StringComparison.Ordinal);
        Assert.DoesNotContain("secret page", result.TransportError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_bad_pixel_id_nothing_is_requested()
    {
        using var graph = new GraphHarness(o => o.AccessToken = null);
        using var withToken = new GraphHarness();

        await Assert.ThrowsAsync<InvalidOperationException>(() => graph.Client.GetDatasetQualityAsync(GraphHarness.PixelId));
        await Assert.ThrowsAsync<ArgumentException>(() => withToken.Client.GetDatasetQualityAsync("12ab"));
        Assert.Empty(graph.Requests);
        Assert.Empty(withToken.Requests);
    }
}
