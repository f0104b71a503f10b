using System.Globalization;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Json;
using MetaCapi.Normalization;
using MetaCapi.Validation;
using Microsoft.Extensions.Time.Testing;

namespace MetaCapi.Tests;

/// <summary><see cref="EventPreparer.PrepareBatch(IReadOnlyList{EventInput}, Diagnostics)"/>: the same as preparing one by one.</summary>
public class EventPreparerBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static EventInput Event(int index) => new()
    {
        EventName = "Purchase",
        // Every 7th event is 8 days old (an error); every 5th has an email that is dropped (a warning).
        EventTime = Now.ToUnixTimeSeconds() - (index % 7 == 3 ? 8 * 86_400 : 60),
        ActionSource = "email",
        EventId = "order-" + index.ToString(CultureInfo.InvariantCulture),
        UserData =
        [
            new UserDataValue("em", index % 5 == 1 ? "not-an-email" : $"customer.{index}@example.com", "user_data.em"),
            new UserDataValue("ph", "+1 650 555 " + (1000 + index).ToString(CultureInfo.InvariantCulture), "user_data.ph"),
            new UserDataValue("external_id", "User " + index.ToString(CultureInfo.InvariantCulture), "user_data.external_id"),
        ],
        CustomData = new CustomData { Value = 10m + index, Currency = "usd" },
    };

    private static string Json(ServerEvent? prepared) =>
        prepared is null ? "null" : JsonSerializer.Serialize(prepared, MetaCapiJsonContext.Default.ServerEvent);

    [Theory]
    [InlineData(5)]
    [InlineData(300)]
    public void A_batch_gives_the_events_and_the_problems_of_preparing_each_in_turn(int count)
    {
        var preparer = new EventPreparer(new FakeTimeProvider(Now));
        var inputs = Enumerable.Range(0, count).Select(Event).ToArray();
        var expectedDiagnostics = new Diagnostics();
        var expected = inputs.Select((input, i) => preparer.Prepare(input, expectedDiagnostics.WithPrefix($"events[{i}]"))).ToArray();

        var diagnostics = new Diagnostics();
        var prepared = preparer.PrepareBatch(inputs, diagnostics);

        Assert.Equal(expected.Select(Json), prepared.Select(Json));
        Assert.Equal(expectedDiagnostics.All, diagnostics.All);
        Assert.Contains(diagnostics.All, d => d.Path == "events[3].event_time" && d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(diagnostics.All, d => d.Path == "events[1].user_data.em" && d.Severity == DiagnosticSeverity.Warning);
        Assert.Null(prepared[3]);
    }

    [Fact]
    public void Json_items_are_read_then_prepared_with_problems_under_their_index()
    {
        var preparer = new EventPreparer(new FakeTimeProvider(Now));
        var time = Now.ToUnixTimeSeconds() - 60;
        using var document = JsonDocument.Parse($$$"""
            [
              {"event_name": "Lead", "event_time": {{{time}}}, "action_source": "email", "user_data": {"em": "a@b.co"}},
              {"event_name": "Lead", "event_time": "yesterday", "action_source": "email", "user_data": {"em": "a@b.co"}},
              7
            ]
            """);
        var diagnostics = new Diagnostics();

        var prepared = preparer.PrepareBatch([.. document.RootElement.EnumerateArray()], diagnostics);

        Assert.Equal(3, prepared.Length);
        Assert.Equal("Lead", prepared[0]!.EventName);
        Assert.Null(prepared[1]);
        Assert.Null(prepared[2]);
        Assert.Contains(diagnostics.Errors, e => e.Path == "events[1].event_time");
        Assert.Contains(diagnostics.Errors, e => e.Path == "events[2]");
        Assert.All(diagnostics.All, d => Assert.StartsWith(d.Path.StartsWith("events[1]", StringComparison.Ordinal) ? "events[1]" : "events[2]", d.Path));
    }

    /// <summary>
    /// Values repeated across a batch (names, city, state, ZIP, country, date of birth, gender) are hashed once per worker
    /// (HashMemo); the hashes and every warning at its own path must be what preparing each event alone gives, also
    /// when the same raw value means something else in another event's context (a ZIP or phone with another country).
    /// </summary>
    [Fact]
    public void Repeated_values_in_a_batch_give_the_same_hashes_and_warnings_as_each_event_alone()
    {
        var preparer = new EventPreparer(new FakeTimeProvider(Now), "US");
        var countries = new[] { "United States", "gb", "Deutschland", "  ", "fr" };
        var inputs = Enumerable.Range(0, 200).Select(i => new EventInput
        {
            EventName = "Purchase",
            EventTime = Now.ToUnixTimeSeconds() - 60,
            ActionSource = "email",
            UserData =
            [
                new UserDataValue("em", $"c{i}@example.com", "user_data.em"),
                new UserDataValue("fn", i % 3 == 0 ? "Mary-Jane" : "  José ", "user_data.fn"),
                new UserDataValue("ln", i % 4 == 0 ? "O'Brien" : "", "user_data.ln"),
                new UserDataValue("db", i % 5 == 0 ? "not a date" : "1997-02-16", "user_data.db"),
                new UserDataValue("ge", i % 2 == 0 ? "Female" : "x", "user_data.ge"),
                new UserDataValue("ct", "San Francisco", "user_data.ct"),
                new UserDataValue("st", i % 2 == 0 ? "California" : "Bavaria", "user_data.st"),
                new UserDataValue("zp", "94035-1234", "user_data.zp"),
                new UserDataValue("country", countries[i % countries.Length], "user_data.country"),
            ],
        }).ToArray();
        var expectedDiagnostics = new Diagnostics();
        var expected = inputs.Select((input, i) => preparer.Prepare(input, expectedDiagnostics.WithPrefix($"events[{i}]"))).ToArray();

        var diagnostics = new Diagnostics();
        var prepared = preparer.PrepareBatch(inputs, diagnostics);

        Assert.Equal(expected.Select(Json), prepared.Select(Json));
        Assert.Equal(expectedDiagnostics.All, diagnostics.All);
        Assert.Contains(diagnostics.All, d => d.Path == "events[5].user_data.db" && d.Severity == DiagnosticSeverity.Warning);
    }
}
