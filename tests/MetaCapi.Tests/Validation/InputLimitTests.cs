using System.Text.Json;
using MetaCapi.Input;
using MetaCapi.Normalization;
using MetaCapi.Validation;
using Microsoft.Extensions.Time.Testing;

namespace MetaCapi.Tests.Validation;

/// <summary>
/// Every string with a natural size is bounded (<see cref="InputLimits"/>), and a value over its limit is an error that
/// never repeats the value; a user_data key takes at most <see cref="InputLimits.ValuesPerKey"/> values.
/// </summary>
public sealed class InputLimitTests
{
    private const string Marker = "Zq";

    private static Diagnostics Read(string json)
    {
        var diagnostics = new Diagnostics();
        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        EventInputReader.Read(properties, diagnostics, ["pixel_id"]);
        return diagnostics;
    }

    private static string Long(int length) => string.Concat(Marker, new string('a', length - Marker.Length));

    private static string Quoted(string text) => JsonSerializer.Serialize(text);

    public static TheoryData<string, string, int> BoundedParameters => new()
    {
        { "event_name", "{\"event_name\": VALUE}", InputLimits.EventName },
        { "event_id", "{\"event_id\": VALUE}", InputLimits.Identifier },
        { "event_source_url", "{\"event_source_url\": VALUE}", InputLimits.Url },
        { "referrer_url", "{\"referrer_url\": VALUE}", InputLimits.Url },
        { "action_source", "{\"action_source\": VALUE}", InputLimits.Code },
        { "messaging_channel", "{\"messaging_channel\": VALUE}", InputLimits.Code },
        { "custom_data.currency", "{\"custom_data\": {\"currency\": VALUE}}", InputLimits.Code },
        { "custom_data.order_id", "{\"custom_data\": {\"order_id\": VALUE}}", InputLimits.Identifier },
        { "custom_data.content_name", "{\"custom_data\": {\"content_name\": VALUE}}", InputLimits.Text },
        { "custom_data.status", "{\"custom_data\": {\"status\": VALUE}}", InputLimits.Text },
        { "custom_data.content_ids[0]", "{\"custom_data\": {\"content_ids\": [VALUE]}}", InputLimits.Identifier },
        { "custom_data.contents[0].id", "{\"custom_data\": {\"contents\": [{\"id\": VALUE}]}}", InputLimits.Identifier },
        { "user_data.em", "{\"user_data\": {\"em\": VALUE}}", InputLimits.UserDataValue },
        { "user_data.ph[1]", "{\"user_data\": {\"ph\": [\"+1 650 555 1212\", VALUE]}}", InputLimits.UserDataValue },
        { "user_data.client_user_agent", "{\"user_data\": {\"client_user_agent\": VALUE}}", InputLimits.UserDataValue },
        { "original_event_data.event_id", "{\"original_event_data\": {\"event_id\": VALUE}}", InputLimits.Identifier },
        { "app_data.install_referrer", "{\"app_data\": {\"install_referrer\": VALUE}}", InputLimits.Text },
    };

    [Theory]
    [MemberData(nameof(BoundedParameters))]
    public void A_string_at_its_limit_is_read_and_one_character_more_is_an_error_that_does_not_repeat_it(string path, string template, int limit)
    {
        var atLimit = Read(template.Replace("VALUE", Quoted(Long(limit)), StringComparison.Ordinal));
        var over = Read(template.Replace("VALUE", Quoted(Long(limit + 1)), StringComparison.Ordinal));

        Assert.DoesNotContain(atLimit.Errors, e => e.Path == path && e.Message.Contains("longer than", StringComparison.Ordinal));
        var error = Assert.Single(over.Errors, e => e.Path == path);
        Assert.Contains($"longer than {limit:N0} characters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, string.Join("\n", over.All.Select(d => d.Path + d.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_characters_count_once_each()
    {
        // 50 characters written as 300 bytes of \u escapes are within the event name limit.
        var escaped = string.Concat(Enumerable.Repeat("\\u00e9", InputLimits.EventName));

        var diagnostics = Read($$"""{"event_name": "{{escaped}}"}""");

        Assert.DoesNotContain(diagnostics.Errors, e => e.Path == "event_name");
    }

    [Fact]
    public void Megabytes_in_a_bounded_string_are_refused_from_their_size()
    {
        var huge = Quoted(Long(8 * 1024 * 1024));

        var diagnostics = Read($$$"""{"event_id": {{{huge}}}, "user_data": {"em": {{{huge}}}}}""");

        Assert.Contains("longer than 1,000 characters", Assert.Single(diagnostics.Errors, e => e.Path == "event_id").Message, StringComparison.Ordinal);
        Assert.Contains("longer than 4,096 characters", Assert.Single(diagnostics.Errors, e => e.Path == "user_data.em").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_an_error_at_its_parent_that_does_not_repeat_it()
    {
        var name = Long(InputLimits.Name + 1);

        var diagnostics = Read($$$"""{"{{{name}}}": 1, "user_data": {"{{{name}}}": "x"}, "custom_data": {"{{{name}}}": "y", "{{{Long(InputLimits.Name)}}}": "z"}}""");

        Assert.Contains("parameter name longer than 100 characters", Assert.Single(diagnostics.Errors, e => e.Path == "arguments").Message, StringComparison.Ordinal);
        Assert.Single(diagnostics.Errors, e => e.Path == "user_data");
        Assert.Single(diagnostics.Errors, e => e.Path == "custom_data");
        Assert.DoesNotContain(diagnostics.All, d => (d.Path + d.Message).Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void More_values_of_one_key_than_the_limit_are_an_error_and_none_is_read()
    {
        var emails = string.Join(", ", Enumerable.Range(0, InputLimits.ValuesPerKey + 1).Select(i => $"\"c{i}@example.com\""));
        var atLimit = string.Join(", ", Enumerable.Range(0, InputLimits.ValuesPerKey).Select(i => $"\"c{i}@example.com\""));

        var over = Read($$$"""{"user_data": {"em": [{{{emails}}}], "ph": [{{{atLimit}}}]}}""");

        var error = Assert.Single(over.Errors);
        Assert.Equal("user_data.em", error.Path);
        Assert.Contains("has 101 values; at most 100 are accepted per key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dotnet_caller_with_too_many_values_of_a_key_is_rejected_before_anything_is_normalized()
    {
        var now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var values = Enumerable.Range(0, 100_000).Select(i => new UserDataValue("em", $"not an email {i}", "user_data.em")).ToList();
        var input = new EventInput
        {
            EventName = "Lead",
            EventTime = now.ToUnixTimeSeconds(),
            ActionSource = "system_generated",
            UserData = values,
        };
        var diagnostics = new Diagnostics();

        var prepared = new EventPreparer(new FakeTimeProvider(now)).Prepare(input, diagnostics);

        Assert.Null(prepared);
        Assert.Contains("has 100,000 values", Assert.Single(diagnostics.Errors, e => e.Path == "user_data.em").Message, StringComparison.Ordinal);
        // Nothing was normalized: the invalid emails would each have given a warning.
        Assert.DoesNotContain(diagnostics.Warnings, w => w.Path.StartsWith("user_data", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_values_of_one_key_are_de_duplicated_in_input_order()
    {
        var values = new List<UserDataValue>();
        for (var i = 0; i < 60; i++)
        {
            values.Add(new UserDataValue("external_id", $"id-{i % 40}", "user_data.external_id"));
        }

        var data = new UserDataNormalizer(new FakeTimeProvider()).Normalize(values, new Diagnostics());

        Assert.Equal(40, data.ExternalId!.Count);
        Assert.Equal(data.ExternalId.Distinct().Count(), data.ExternalId.Count);
        Assert.Equal(Sha256Hex.Of("id-0"), data.ExternalId[0]);
        Assert.Equal(Sha256Hex.Of("id-39"), data.ExternalId[39]);
    }
}
