using System.Text.Json;
using MetaCapi.Input;
using MetaCapi.Validation;

namespace MetaCapi.Tests.Validation;

public class EventInputReaderTests
{
    private static (EventInput Input, Diagnostics Diagnostics) Read(string json, params string[] callParameters)
    {
        var diagnostics = new Diagnostics();
        using var document = JsonDocument.Parse(json);
        var properties = new Dictionary<string, JsonElement>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            properties[property.Name] = property.Value.Clone();
        }

        return (EventInputReader.Read(properties, diagnostics, callParameters), diagnostics);
    }

    private static Diagnostic Single(Diagnostics diagnostics, string path)
    {
        var matches = diagnostics.All.Where(d => d.Path == path).ToList();
        Assert.True(matches.Count == 1, $"expected one diagnostic at {path}, got: {string.Join(" | ", diagnostics.All)}");
        return matches[0];
    }

    [Fact]
    public void Every_wrong_type_is_reported_at_once_with_its_path()
    {
        var (_, diagnostics) = Read("""
            {"event_name": 5, "event_time": "yesterday", "user_data": "john@example.com", "custom_data": [],
             "action_source": 3, "opt_out": "yes", "app_data": 1, "original_event_data": "x"}
            """);

        Assert.Contains("must be a string", Single(diagnostics, "event_name").Message);
        Assert.Contains("integer Unix timestamp in seconds", Single(diagnostics, "event_time").Message);
        Assert.Contains("must be an object", Single(diagnostics, "user_data").Message);
        Assert.Contains("must be an object", Single(diagnostics, "custom_data").Message);
        Assert.Contains("website, app, email", Single(diagnostics, "action_source").Message);
        Assert.Contains("true or false", Single(diagnostics, "opt_out").Message);
        Assert.Contains("must be an object", Single(diagnostics, "app_data").Message);
        Assert.Contains("must be an object", Single(diagnostics, "original_event_data").Message);
        Assert.All(diagnostics.All, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void Unknown_top_level_parameter_lists_the_accepted_ones_and_points_to_the_right_object()
    {
        var (_, diagnostics) = Read("""{"currency": "USD", "email": "a@b.co", "colour": "red"}""", "pixel_id");

        Assert.Contains("inside custom_data", Single(diagnostics, "currency").Message);
        Assert.Contains("inside user_data", Single(diagnostics, "email").Message);
        var unknown = Single(diagnostics, "colour").Message;
        Assert.Contains("Unknown parameter 'colour'", unknown);
        Assert.Contains("pixel_id, event_name, event_time", unknown);
    }

    [Fact]
    public void Null_means_not_given()
    {
        var (input, diagnostics) = Read("""{"event_id": null, "custom_data": null, "opt_out": null}""");

        Assert.Empty(diagnostics.All);
        Assert.Null(input.EventId);
        Assert.Null(input.CustomData);
    }

    [Fact]
    public void Numbers_written_as_strings_are_accepted()
    {
        var (input, diagnostics) = Read("""
            {"event_time": "1764201600", "custom_data": {"value": "19.99", "num_items": "2", "content_ids": [123, "A-1"]}}
            """);

        Assert.Empty(diagnostics.All);
        Assert.Equal(1764201600, input.EventTime);
        Assert.Equal(19.99m, input.CustomData!.Value);
        Assert.Equal(2, input.CustomData.NumItems);
        Assert.Equal(["123", "A-1"], input.CustomData.ContentIds!);
    }

    [Fact]
    public void Fractional_event_time_is_rejected()
    {
        var (_, diagnostics) = Read("""{"event_time": 1764201600.5}""");

        Assert.Contains("integer Unix timestamp", Single(diagnostics, "event_time").Message);
    }

    [Fact]
    public void User_data_values_keep_the_path_they_came_from()
    {
        var (input, diagnostics) = Read("""
            {"user_data": {"em": "a@b.co", "ph": ["+1 650 555 1212", 4420794609], "email": ["c@d.co"], "client_ip_address": "1.2.3.4"}}
            """);

        Assert.Equal(
            [("em", "user_data.em"), ("ph", "user_data.ph[0]"), ("ph", "user_data.ph[1]"), ("em", "user_data.email[0]"), ("client_ip_address", "user_data.client_ip_address")],
            input.UserData!.Select(v => (v.Key, v.Path)).ToArray());
        Assert.Equal("4420794609", input.UserData![2].Value);
        var alias = Single(diagnostics, "user_data.email");
        Assert.Equal(DiagnosticSeverity.Warning, alias.Severity);
        Assert.Contains("'em'", alias.Message);
    }

    [Fact]
    public void Unknown_user_data_key_is_an_error_listing_the_accepted_keys()
    {
        var (_, diagnostics) = Read("""{"user_data": {"mail": "a@b.co"}}""");

        var error = Single(diagnostics, "user_data.mail");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("em, ph, fn, ln, db, ge, ct, st, zp, country, external_id, client_ip_address", error.Message);
        Assert.Contains("aliases: email, phone", error.Message);
    }

    [Fact]
    public void Malformed_user_data_values_are_errors_at_their_item()
    {
        var (_, diagnostics) = Read("""{"user_data": {"em": {"x": 1}, "ph": ["1", true], "client_user_agent": ["a", "b"]}}""");

        Assert.Contains("string or an array of strings", Single(diagnostics, "user_data.em").Message);
        Assert.Contains("must be a string", Single(diagnostics, "user_data.ph[1]").Message);
        Assert.Contains("single string", Single(diagnostics, "user_data.client_user_agent").Message);
    }

    [Fact]
    public void Contents_items_are_checked_key_by_key()
    {
        var (input, diagnostics) = Read("""
            {"custom_data": {"contents": [{"id": 7, "quantity": 2, "item_price": "9.50"}, "x", {"sku": "A", "quantity": 1.5}]}}
            """);

        Assert.Equal("7", input.CustomData!.Contents![0].Id);
        Assert.Equal(9.50m, input.CustomData.Contents[0].ItemPrice);
        Assert.Contains("must be an object", Single(diagnostics, "custom_data.contents[1]").Message);
        Assert.Contains("id, quantity, item_price", Single(diagnostics, "custom_data.contents[2].sku").Message);
        Assert.Contains("positive whole number", Single(diagnostics, "custom_data.contents[2].quantity").Message);
    }

    [Fact]
    public void Custom_properties_pass_through()
    {
        var (input, diagnostics) = Read("""{"custom_data": {"value": 5, "coupon": "SPRING", "tier": {"level": 2}}}""");

        Assert.Empty(diagnostics.All);
        Assert.Equal("SPRING", input.CustomData!.CustomProperties!["coupon"].GetString());
        Assert.Equal(2, input.CustomData.CustomProperties["tier"].GetProperty("level").GetInt32());
    }

    [Fact]
    public void App_data_flags_accept_booleans_and_one_or_zero()
    {
        var (input, diagnostics) = Read("""
            {"app_data": {"advertiser_tracking_enabled": 1, "application_tracking_enabled": false, "madid": "x", "extinfo": "a2"}}
            """);

        Assert.True(input.AppData!.AdvertiserTrackingEnabled);
        Assert.False(input.AppData.ApplicationTrackingEnabled);
        Assert.Contains("user_data.madid", Single(diagnostics, "app_data.madid").Message);
        Assert.Contains("16 strings", Single(diagnostics, "app_data.extinfo").Message);
    }

    [Fact]
    public void A_batch_item_that_is_not_an_object_is_reported_at_its_index()
    {
        var diagnostics = new Diagnostics();
        using var document = JsonDocument.Parse("[1]");

        EventInputReader.Read(document.RootElement[0], diagnostics.WithPrefix("events[0]"));

        var error = Assert.Single(diagnostics.All);
        Assert.Equal("events[0]", error.Path);
        Assert.Contains("must be an object", error.Message);
    }
}
