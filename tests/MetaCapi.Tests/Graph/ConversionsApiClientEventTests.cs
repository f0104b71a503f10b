using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Input;
using MetaCapi.Json;
using MetaCapi.Quality;
using MetaCapi.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MetaCapi.Tests.Graph;

/// <summary>The convenience level of the client: <see cref="ConversionEvent"/> in, <see cref="ConversionResult"/> out.</summary>
public sealed class ConversionsApiClientEventTests
{
    private const string Success = """{"events_received":1,"messages":[],"fbtrace_id":"AbCdEf123"}""";

    // Meta's documented hash of "john_smith@gmail.com" (docs/normalization.md, test vectors).
    private const string JohnSmithHash = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";

    private static readonly DateTimeOffset RecentTime = DateTimeOffset.UtcNow.AddMinutes(-5);

    private static ConversionEvent Purchase(string email = "  John_Smith@Gmail.com ", string? eventId = "order-1001") => new()
    {
        EventName = StandardEvents.Purchase,
        EventTime = RecentTime,
        ActionSource = ActionSource.Website,
        EventId = eventId,
        EventSourceUrl = "https://shop.example/checkout",
        Customer = new CustomerInformation
        {
            Email = email,
            Phone = "+1 (650) 555-1212",
            ClientIpAddress = "203.0.113.7",
            ClientUserAgent = "Mozilla/5.0",
            Fbp = "fb.1.1596403881668.1116446470",
        },
        CustomData = new CustomData { Value = 59.9m, Currency = "eur", OrderId = "1001" },
    };

    [Fact]
    public async Task Send_posts_the_event_hashed_and_returns_metas_answer()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, Purchase());

        Assert.Equal(ConversionStatus.Sent, result.Status);
        Assert.True(result.IsSent);
        Assert.Equal(1, result.Delivery!.EventsReceived);
        Assert.Equal("AbCdEf123", result.Delivery.FbtraceId);
        Assert.Empty(result.Errors);
        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        var sent = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(JohnSmithHash, Assert.Single(sent.GetProperty("user_data").GetProperty("em").EnumerateArray()).GetString());
        Assert.Equal("order-1001", sent.GetProperty("event_id").GetString());
        Assert.Equal(RecentTime.ToUnixTimeSeconds(), sent.GetProperty("event_time").GetInt64());
        Assert.Equal("EUR", sent.GetProperty("custom_data").GetProperty("currency").GetString());
        Assert.Equal(GraphHarness.Token, body.RootElement.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task The_request_in_the_result_is_the_body_sent_without_the_token()
    {
        using var graph = new GraphHarness(o => o.AppSecret = GraphHarness.Secret);
        RespondOk(graph);

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, Purchase());

        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        Assert.Equal(body.RootElement.GetProperty("data").GetRawText(), JsonDocument.Parse(result.RequestJson!).RootElement.GetProperty("data").GetRawText());
        Assert.DoesNotContain(GraphHarness.Token, result.RequestJson!, StringComparison.Ordinal);
        Assert.DoesNotContain("appsecret_proof", result.RequestJson!, StringComparison.Ordinal);
        Assert.Null(result.Request!.AccessToken);
    }

    [Fact]
    public void A_typed_event_goes_through_the_same_pipeline_as_the_same_event_in_json()
    {
        var typed = new ConversionEvent
        {
            EventName = "Lead",
            EventTime = RecentTime,
            ActionSource = ActionSource.Website,
            EventSourceUrl = "https://shop.example/signup?fbclid=IwAR2F4abc",
            Customer = new CustomerInformation
            {
                Email = ["Jane.Doe@Example.com", "not-an-email"],
                Phone = "(415) 555-0100",
                FirstName = "Jane",
                Country = "United Kingdom",
                DateOfBirth = "05/12/1990",
                ClientIpAddress = "192.168.1.4",
                ClientUserAgent = "Mozilla/5.0",
            },
        };
        var json = JsonDocument.Parse($$$"""
            {"event_name": "Lead", "event_time": {{{RecentTime.ToUnixTimeSeconds()}}}, "action_source": "website",
             "event_source_url": "https://shop.example/signup?fbclid=IwAR2F4abc",
             "user_data": {"em": ["Jane.Doe@Example.com", "not-an-email"], "ph": "(415) 555-0100", "fn": "Jane",
                           "country": "United Kingdom", "db": "05/12/1990", "client_ip_address": "192.168.1.4",
                           "client_user_agent": "Mozilla/5.0"}}
            """).RootElement;
        var fromJsonDiagnostics = new Diagnostics();
        var fromJson = new EventPreparer(TimeProvider.System, "US").Prepare(EventInputReader.Read(json, fromJsonDiagnostics), fromJsonDiagnostics);
        var client = HandBuiltClient(o => o.DefaultCountry = "US");

        var result = client.Preview(null, typed);

        Assert.Equal(ConversionStatus.Preview, result.Status);
        Assert.Equal(
            JsonSerializer.Serialize(fromJson!, MetaCapiJsonContext.Default.ServerEvent),
            JsonSerializer.Serialize(Assert.Single(result.Request!.Data), MetaCapiJsonContext.Default.ServerEvent));
        Assert.Equal(fromJsonDiagnostics.All, result.Diagnostics);
        Assert.Contains(result.Warnings, w => w.Path == "user_data.em[1]");
        Assert.Contains(result.Warnings, w => w.Path == "user_data.fbc");
    }

    [Fact]
    public void Preview_sends_nothing_needs_no_token_and_shows_the_exact_body()
    {
        using var graph = new GraphHarness(o => o.AccessToken = null);
        RespondOk(graph);

        var result = graph.Client.Preview(GraphHarness.PixelId, Purchase());

        Assert.Equal(ConversionStatus.Preview, result.Status);
        Assert.False(result.IsSent);
        Assert.Null(result.Delivery);
        Assert.Empty(graph.Requests);
        using var body = JsonDocument.Parse(result.RequestJson!);
        var evt = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(JohnSmithHash, evt.GetProperty("user_data").GetProperty("em")[0].GetString());
        Assert.False(body.RootElement.TryGetProperty("access_token", out _));
        Assert.Equal(MatchRating.Strong, result.MatchQuality!.Rating);
    }

    [Fact]
    public async Task An_invalid_event_is_rejected_with_every_error_at_its_path_and_nothing_is_sent()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);
        var invalid = Purchase() with
        {
            EventTime = DateTimeOffset.UtcNow.AddDays(-30),
            Customer = new CustomerInformation { Email = "jane@example.com" },
        };

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, invalid);

        Assert.Equal(ConversionStatus.Rejected, result.Status);
        Assert.Contains(result.Errors, e => e.Path == "event_time");
        Assert.Contains(result.Errors, e => e.Path == "user_data.client_user_agent");
        Assert.Equal(new[] { 0 }, result.InvalidEvents);
        Assert.Null(result.Request);
        Assert.Null(result.RequestJson);
        Assert.Null(result.Delivery);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task An_action_source_outside_the_enum_is_rejected_at_action_source()
    {
        using var graph = new GraphHarness();

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, Purchase() with { ActionSource = (ActionSource)42 });

        Assert.Equal(ConversionStatus.Rejected, result.Status);
        Assert.Contains(result.Errors, e => e.Path == "action_source");
    }

    [Fact]
    public async Task An_invalid_pixel_id_is_rejected_at_pixel_id()
    {
        using var graph = new GraphHarness();

        var send = await graph.Client.SendAsync("12ab", Purchase());
        var preview = graph.Client.Preview("12ab", Purchase());

        Assert.Empty(send.InvalidEvents);
        Assert.Equal("pixel_id", Assert.Single(send.Errors).Path);
        Assert.Equal("pixel_id", Assert.Single(preview.Errors).Path);
        Assert.Equal(ConversionStatus.Rejected, preview.Status);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task A_batch_is_one_request_and_its_warnings_are_under_the_event_index()
    {
        using var graph = new GraphHarness();
        RespondOk(graph, """{"events_received":3,"fbtrace_id":"Batch1"}""");
        ConversionEvent[] events =
        [
            Purchase(eventId: "order-1"),
            Purchase(eventId: "order-2") with { Customer = Purchase().Customer with { Phone = "555-0100" } },
            Purchase(eventId: "order-3"),
        ];

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, events);

        Assert.Equal(ConversionStatus.Sent, result.Status);
        Assert.Equal(3, result.EventCount);
        Assert.Empty(result.InvalidEvents);
        Assert.Equal(3, result.Delivery!.EventsReceived);
        Assert.StartsWith("events[1].user_data.ph", Assert.Single(result.Warnings).Path, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        Assert.Equal(
            new[] { "order-1", "order-2", "order-3" },
            body.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("event_id").GetString()));
    }

    [Fact]
    public async Task One_bad_event_rejects_the_whole_batch_with_its_problems_under_its_index()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, [Purchase(), Purchase() with { EventName = " " }]);

        Assert.Equal(ConversionStatus.Rejected, result.Status);
        Assert.Equal("events[1].event_name", Assert.Single(result.Errors).Path);
        Assert.Equal(new[] { 1 }, result.InvalidEvents);
        Assert.Empty(graph.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_batch_of_no_events_or_more_than_1000_is_rejected_at_events(int count)
    {
        using var graph = new GraphHarness();
        var events = Enumerable.Repeat(Purchase(), count).ToArray();

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, events);

        Assert.Equal("events", Assert.Single(result.Errors).Path);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task A_refusal_by_meta_is_a_failed_result_with_the_graph_error_its_hint_and_no_retry()
    {
        using var graph = new GraphHarness();
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400).WithBody(
            """{"error":{"message":"Error validating access token: Session has expired.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"Trace190"}}"""));

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, Purchase());

        Assert.Equal(ConversionStatus.Failed, result.Status);
        Assert.Equal(190, result.Delivery!.Error!.Code);
        Assert.NotNull(result.Delivery.Error.Hint);
        Assert.False(result.Delivery.Error.Retryable);
        Assert.Single(graph.Requests);
        var exception = Assert.Throws<ConversionsApiException>(result.EnsureSent);
        Assert.Same(result, exception.Result);
        Assert.Equal(190, exception.GraphError!.Code);
        Assert.False(exception.IsRetryable);
        Assert.Contains("190/463", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Trace190", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GraphHarness.Token, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_failure_is_retried_and_reported_as_retryable()
    {
        using var graph = new GraphHarness(o => o.MaxAttempts = 2);
        graph.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(503).WithBody("<html>busy</html>"));

        var result = await graph.Client.SendAsync(GraphHarness.PixelId, Purchase());

        Assert.Equal(ConversionStatus.Failed, result.Status);
        Assert.Equal(2, result.Delivery!.Attempts);
        Assert.Equal(2, graph.Requests.Count);
        Assert.True(Assert.Throws<ConversionsApiException>(result.EnsureSent).IsRetryable);
    }

    [Fact]
    public async Task The_exception_of_a_rejection_names_paths_and_rules_never_the_values()
    {
        using var graph = new GraphHarness();
        var result = await graph.Client.SendAsync(
            GraphHarness.PixelId,
            Purchase(email: "secret.person@nowhere") with { Customer = new CustomerInformation { Email = "secret.person@nowhere" } });

        var exception = Assert.Throws<ConversionsApiException>(result.EnsureSent);

        Assert.Equal(ConversionStatus.Rejected, exception.Result!.Status);
        Assert.Contains("user_data", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.person", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.person", result.ToString(), StringComparison.Ordinal);
        Assert.All(graph.Logs.Lines, line => Assert.DoesNotContain("secret.person", line, StringComparison.Ordinal));
        Assert.Contains(graph.Logs.Lines, line => line.Contains("Nothing sent to pixel 1234567890", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_test_event_code_of_the_call_wins_over_the_configured_one_in_sends_and_previews()
    {
        using var graph = new GraphHarness(o => o.TestEventCode = "TEST_CONFIGURED");
        RespondOk(graph);
        var options = new EventRequestOptions { TestEventCode = "TEST_CALL" };

        var preview = graph.Client.Preview(GraphHarness.PixelId, Purchase(), options);
        var defaultPreview = graph.Client.Preview(GraphHarness.PixelId, Purchase());
        await graph.Client.SendAsync(GraphHarness.PixelId, Purchase(), options);

        Assert.Equal("TEST_CALL", preview.Request!.TestEventCode);
        Assert.Equal("TEST_CONFIGURED", defaultPreview.Request!.TestEventCode);
        using var body = JsonDocument.Parse(Assert.Single(graph.Requests).RequestMessage.BodyAsBytes!);
        Assert.Equal("TEST_CALL", body.RootElement.GetProperty("test_event_code").GetString());
    }

    [Fact]
    public async Task Sending_without_a_token_throws_and_sends_nothing()
    {
        using var graph = new GraphHarness(o => o.AccessToken = null);
        RespondOk(graph);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => graph.Client.SendAsync(GraphHarness.PixelId, Purchase()));

        Assert.Contains("AccessToken", error.Message, StringComparison.Ordinal);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task A_cancelled_send_throws_and_sends_nothing()
    {
        using var graph = new GraphHarness();
        RespondOk(graph);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => graph.Client.SendAsync(GraphHarness.PixelId, Purchase(), cancelled.Token));

        Assert.Empty(graph.Requests);
    }

    [Fact]
    public void A_client_built_by_hand_uses_the_default_country_of_its_options()
    {
        var client = HandBuiltClient(o => o.DefaultCountry = "GB");
        var local = Purchase() with { Customer = Purchase().Customer with { Phone = "020 7946 0958" } };

        var result = client.Preview(null, local);

        // 442079460958 is the E.164 form of the number in the United Kingdom (docs/normalization.md, ph).
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("442079460958"u8)),
            Assert.Single(result.Request!.Data[0].UserData.Ph!));
    }

    [Fact]
    public void Registration_shares_one_event_preparer_and_applies_code_after_the_META_settings()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["META_ACCESS_TOKEN"] = "from-config", ["META_TEST_EVENT_CODE"] = "TEST1" })
            .Build();
        var services = new ServiceCollection();
        services.AddMetaConversionsApi(configuration, o => o.TestEventCode = "TEST_CODE");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value;

        Assert.Equal("from-config", options.AccessToken);
        Assert.Equal("TEST_CODE", options.TestEventCode);
        Assert.Same(provider.GetRequiredService<EventPreparer>(), provider.GetRequiredService<EventPreparer>());
        Assert.NotNull(provider.GetRequiredService<ConversionsApiClient>());
    }

    private static ConversionsApiClient HandBuiltClient(Action<ConversionsApiOptions> configure)
    {
        var options = new ConversionsApiOptions();
        configure(options);
#pragma warning disable CA2000 // the client owns nothing to dispose; nothing is sent
        return new ConversionsApiClient(new HttpClient(), Options.Create(options));
#pragma warning restore CA2000
    }

    private static void RespondOk(GraphHarness graph, string body = Success) =>
        graph.Server.Given(Request.Create().WithPath($"/v25.0/{GraphHarness.PixelId}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
}
