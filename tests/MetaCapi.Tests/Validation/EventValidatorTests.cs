using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Normalization;
using MetaCapi.Validation;

namespace MetaCapi.Tests.Validation;

public class EventValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly long NowSeconds = Now.ToUnixTimeSeconds();

    private static EventInput Valid() => new()
    {
        EventName = "Purchase",
        EventTime = NowSeconds - 60,
        ActionSource = "website",
        EventSourceUrl = "https://shop.example.com/thanks",
        EventId = "order-1",
        UserData = [new UserDataValue("em", "a@b.co", "user_data.em")],
        CustomData = new CustomData { Value = 10m, Currency = "usd" },
    };

    private static Diagnostics Validate(EventInput input)
    {
        var diagnostics = new Diagnostics();
        EventValidator.Validate(input, Now, diagnostics);
        return diagnostics;
    }

    private static Diagnostic Only(Diagnostics diagnostics, string path, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var matches = diagnostics.All.Where(d => d.Path == path && d.Severity == severity).ToList();
        Assert.True(matches.Count == 1, $"expected one {severity} at {path}, got: {string.Join(" | ", diagnostics.All)}");
        return matches[0];
    }

    [Fact]
    public void A_valid_website_purchase_has_no_diagnostics() => Assert.Empty(Validate(Valid()).All);

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "1–20 digits")]
    [InlineData("12ab", "1–20 digits")]
    [InlineData("123456789012345678901", "1–20 digits")]
    [InlineData("١٢٣", "1–20 digits")]
    public void Pixel_id_must_be_1_to_20_ascii_digits(string? pixelId, string expected)
    {
        var diagnostics = new Diagnostics();
        EventValidator.ValidatePixelId(pixelId, diagnostics);
        Assert.Contains(expected, Only(diagnostics, "pixel_id").Message);
    }

    [Fact]
    public void Pixel_id_of_20_digits_is_accepted()
    {
        var diagnostics = new Diagnostics();
        EventValidator.ValidatePixelId("12345678901234567890", diagnostics);
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData("purchase", "Purchase")]
    [InlineData("ADDTOCART", "AddToCart")]
    [InlineData("pageview", "PageView")]
    public void Miscased_standard_event_names_the_right_spelling(string given, string expected)
    {
        var message = Only(Validate(Valid() with { EventName = given }), "event_name").Message;
        Assert.Contains($"'{expected}'", message);
        Assert.Contains("case-sensitive", message);
    }

    [Fact]
    public void Event_name_is_required_and_at_most_50_characters()
    {
        Assert.Contains("is required", Only(Validate(Valid() with { EventName = null }), "event_name").Message);
        Assert.Contains("1–50 characters", Only(Validate(Valid() with { EventName = new string('x', 51) }), "event_name").Message);
        Assert.Empty(Validate(Valid() with { EventName = new string('x', 50), CustomData = null }).All);
    }

    [Fact]
    public void Event_name_with_surrounding_white_space_is_a_warning()
    {
        var warning = Only(Validate(Valid() with { EventName = " Purchase " }), "event_name", DiagnosticSeverity.Warning);
        Assert.Contains("white space", warning.Message);
    }

    [Fact]
    public void Event_time_is_required_and_says_what_now_is()
    {
        var message = Only(Validate(Valid() with { EventTime = null }), "event_time").Message;
        Assert.Contains("Unix timestamp in seconds", message);
        Assert.Contains(NowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
    }

    [Fact]
    public void Thirteen_digit_event_time_is_rejected_as_milliseconds()
    {
        var message = Only(Validate(Valid() with { EventTime = NowSeconds * 1000 }), "event_time").Message;
        Assert.Contains("milliseconds", message);
        Assert.Contains(NowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
    }

    [Fact]
    public void Event_time_more_than_five_minutes_ahead_is_rejected()
    {
        Assert.Contains("in the future", Only(Validate(Valid() with { EventTime = NowSeconds + 301 }), "event_time").Message);
        Assert.Empty(Validate(Valid() with { EventTime = NowSeconds + 299 }).All);
    }

    [Fact]
    public void Event_time_older_than_seven_days_is_rejected()
    {
        var message = Only(Validate(Valid() with { EventTime = NowSeconds - (7 * 86400) - 1 }), "event_time").Message;
        Assert.Contains("older than 7 days", message);
    }

    [Fact]
    public void Physical_store_events_may_be_62_days_old()
    {
        var store = Valid() with { ActionSource = "physical_store", EventSourceUrl = null };
        var sixtyDays = Validate(store with { EventTime = NowSeconds - (60 * 86400) });
        Assert.DoesNotContain(sixtyDays.All, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains("62 days", Only(Validate(store with { EventTime = NowSeconds - (63 * 86400) }), "event_time").Message);
    }

    [Fact]
    public void Event_time_older_than_24_hours_is_a_warning()
    {
        var warning = Only(Validate(Valid() with { EventTime = NowSeconds - (25 * 3600) }), "event_time", DiagnosticSeverity.Warning);
        Assert.Contains("24 hours", warning.Message);
        Assert.Empty(Validate(Valid() with { EventTime = NowSeconds - (23 * 3600) }).All);
    }

    [Fact]
    public void Action_source_is_required_and_must_be_one_of_nine()
    {
        Assert.Contains("website, app, email, phone_call, chat, physical_store, system_generated, business_messaging, other",
            Only(Validate(Valid() with { ActionSource = null }), "action_source").Message);
        Assert.Contains("one of website", Only(Validate(Valid() with { ActionSource = "shop" }), "action_source").Message);
    }

    [Theory]
    [InlineData(3600, "is 1 hour in the future")]
    [InlineData(5400, "is 1.5 hours in the future")]
    [InlineData(7200, "is 2 hours in the future")]
    public void Durations_in_messages_are_singular_for_exactly_one(long ahead, string expected) =>
        Assert.Contains(expected, Only(Validate(Valid() with { EventTime = NowSeconds + ahead }), "event_time").Message);

    [Theory]
    [InlineData("web", "website")]
    [InlineData("Websites", "website")]
    [InlineData("phone-call", "phone_call")]
    [InlineData("phonecall", "phone_call")]
    [InlineData("store", "physical_store")]
    [InlineData("sytem_generated", "system_generated")]
    public void Unknown_action_source_repeats_the_value_and_suggests_the_closest(string given, string suggestion)
    {
        var message = Only(Validate(Valid() with { ActionSource = given }), "action_source").Message;
        Assert.Contains($"\"{given}\" is not accepted", message);
        Assert.Contains($"Did you mean \"{suggestion}\"?", message);
    }

    [Fact]
    public void Unknown_action_source_far_from_every_value_gets_the_list_without_a_guess()
    {
        var message = Only(Validate(Valid() with { ActionSource = "zzzz" }), "action_source").Message;
        Assert.Contains("use one of website, app,", message);
        Assert.DoesNotContain("Did you mean", message);
    }

    [Fact]
    public void Unknown_value_too_long_to_repeat_is_not_echoed()
    {
        var given = new string('w', 500);
        var message = Only(Validate(Valid() with { ActionSource = given }), "action_source").Message;
        Assert.DoesNotContain(given[..50], message);
        Assert.Contains("action_source value is not accepted", message);
    }

    [Fact]
    public void Unknown_messaging_channel_and_delivery_category_suggest_the_closest()
    {
        var messaging = Valid() with { ActionSource = "business_messaging", MessagingChannel = "whatsap" };
        Assert.Contains("Did you mean \"whatsapp\"?", Only(Validate(messaging), "messaging_channel").Message);
        var delivery = Valid() with { CustomData = Valid().CustomData! with { DeliveryCategory = "curb_side" } };
        Assert.Contains("Did you mean \"curbside\"?", Only(Validate(delivery), "custom_data.delivery_category").Message);
    }

    [Fact]
    public void Action_source_is_case_insensitive()
    {
        var diagnostics = new Diagnostics();
        Assert.Equal(ActionSource.PhysicalStore, EventValidator.Validate(Valid() with { ActionSource = "Physical_Store" }, Now, diagnostics));
    }

    [Fact]
    public void Website_events_need_an_event_source_url()
    {
        Assert.Contains("required for website events",
            Only(Validate(Valid() with { EventSourceUrl = null }), "event_source_url").Message);
    }

    [Fact]
    public void Website_events_need_a_user_agent()
    {
        var diagnostics = new Diagnostics();
        EventValidator.ValidateUserData(new UserData { Em = ["x"] }, ActionSource.Website, diagnostics);
        Assert.Contains("required for website events", Only(diagnostics, "user_data.client_user_agent").Message);

        var email = new Diagnostics();
        EventValidator.ValidateUserData(new UserData { Em = ["x"] }, ActionSource.Email, email);
        Assert.Empty(email.All);
    }

    [Theory]
    [InlineData("/thanks")]
    [InlineData("ftp://example.com/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("shop.example.com/thanks")]
    public void Urls_must_be_absolute_http_or_https(string url)
    {
        var diagnostics = Validate(Valid() with { EventSourceUrl = url, ReferrerUrl = url });
        Assert.Contains("absolute http or https URL", Only(diagnostics, "event_source_url").Message);
        Assert.Contains("absolute http or https URL", Only(diagnostics, "referrer_url").Message);
    }

    [Fact]
    public void App_events_need_app_data_with_its_required_fields()
    {
        var app = Valid() with { ActionSource = "app", EventSourceUrl = null };
        Assert.Contains("required for app events", Only(Validate(app), "app_data").Message);

        var partial = Validate(app with { AppData = new AppData { Extinfo = ["a2", "x"] } });
        Assert.Contains("true if the user allowed tracking", Only(partial, "app_data.advertiser_tracking_enabled").Message);
        Assert.Contains("required for app events", Only(partial, "app_data.application_tracking_enabled").Message);
        Assert.Contains("exactly 16 strings (got 2)", Only(partial, "app_data.extinfo").Message);

        string[] extinfo = ["x2", .. Enumerable.Repeat("", 15)];
        var badVersion = Validate(app with { AppData = new AppData { AdvertiserTrackingEnabled = true, ApplicationTrackingEnabled = true, Extinfo = extinfo } });
        Assert.Contains("\"a2\" (Android) or \"i2\" (iOS)", Only(badVersion, "app_data.extinfo[0]").Message);
    }

    [Fact]
    public void Business_messaging_needs_a_known_messaging_channel()
    {
        var messaging = Valid() with { ActionSource = "business_messaging", EventSourceUrl = null };
        Assert.Contains("messenger, whatsapp, instagram", Only(Validate(messaging), "messaging_channel").Message);
        Assert.Contains("messenger, whatsapp, instagram", Only(Validate(messaging with { MessagingChannel = "sms" }), "messaging_channel").Message);
        Assert.Empty(Validate(messaging with { MessagingChannel = "WhatsApp" }).All);
    }

    [Fact]
    public void User_data_is_required()
    {
        Assert.Contains("user_data is required", Only(Validate(Valid() with { UserData = null }), "user_data").Message);
    }

    [Fact]
    public void User_data_with_nothing_left_is_rejected()
    {
        var diagnostics = new Diagnostics();
        EventValidator.ValidateUserData(new UserData(), ActionSource.Email, diagnostics);
        Assert.Contains("Add at least one of em, ph", Only(diagnostics, "user_data").Message);
    }

    public static TheoryData<UserData> WeakOnly => new()
    {
        new UserData { Ct = ["x"], Country = ["x"], St = ["x"], Zp = ["x"], Ge = ["x"], ClientUserAgent = "ua" },
        new UserData { Country = ["x"] },
        new UserData { Ge = ["x"], ClientUserAgent = "ua" },
        new UserData { Db = ["x"], ClientUserAgent = "ua" },
        new UserData { Fn = ["x"], Ge = ["x"] },
        new UserData { Ln = ["x"] },
    };

    [Theory]
    [MemberData(nameof(WeakOnly))]
    public void Key_sets_Meta_rejects_on_their_own_are_rejected(UserData userData)
    {
        var diagnostics = new Diagnostics();
        EventValidator.ValidateUserData(userData, ActionSource.Email, diagnostics);
        Assert.Contains("Add a stronger identifier", Only(diagnostics, "user_data").Message);
    }

    public static TheoryData<UserData> Enough => new()
    {
        new UserData { ClientIpAddress = "1.2.3.4" },
        new UserData { Fn = ["x"], Ln = ["x"] },
        new UserData { Ct = ["x"], Fbp = "fb.1.1.1" },
        new UserData { Db = ["x"], Ge = ["x"] },
    };

    [Theory]
    [MemberData(nameof(Enough))]
    public void Other_key_sets_are_accepted(UserData userData)
    {
        var diagnostics = new Diagnostics();
        EventValidator.ValidateUserData(userData, ActionSource.Email, diagnostics);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Purchase_needs_value_and_currency()
    {
        var diagnostics = Validate(Valid() with { CustomData = null });
        Assert.Contains("required for Purchase", Only(diagnostics, "custom_data.value").Message);
        Assert.Contains("ISO 4217", Only(diagnostics, "custom_data.currency").Message);
    }

    [Fact]
    public void Value_without_currency_is_rejected()
    {
        var diagnostics = Validate(Valid() with { EventName = "Lead", CustomData = new CustomData { Value = 3m } });
        Assert.Contains("required when custom_data.value is given", Only(diagnostics, "custom_data.currency").Message);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("dollars")]
    [InlineData("$")]
    public void Currency_must_be_ISO_4217(string currency)
    {
        var diagnostics = Validate(Valid() with { CustomData = new CustomData { Value = 1m, Currency = currency } });
        Assert.Contains("ISO 4217 currency code such as USD", Only(diagnostics, "custom_data.currency").Message);
    }

    [Fact]
    public void Contents_need_an_id_and_a_positive_quantity()
    {
        var data = new CustomData
        {
            Value = 1m,
            Currency = "EUR",
            Contents = [new Content { Quantity = 0 }, new Content { Id = "A", Quantity = 2, DeliveryCategory = "drone" }],
        };
        var diagnostics = Validate(Valid() with { CustomData = data });
        Assert.Contains("product ID", Only(diagnostics, "custom_data.contents[0].id").Message);
        Assert.Contains("positive whole number", Only(diagnostics, "custom_data.contents[0].quantity").Message);
        Assert.Contains("in_store, curbside, home_delivery", Only(diagnostics, "custom_data.contents[1].delivery_category").Message);
    }

    [Fact]
    public void Num_items_must_not_be_negative_and_delivery_category_is_checked()
    {
        var diagnostics = Validate(Valid() with
        {
            CustomData = new CustomData { Value = 1m, Currency = "EUR", NumItems = -1, DeliveryCategory = "post" },
        });
        Assert.Contains("0 or more", Only(diagnostics, "custom_data.num_items").Message);
        Assert.Contains("in_store, curbside, home_delivery", Only(diagnostics, "custom_data.delivery_category").Message);
    }

    [Fact]
    public void Unusual_content_type_is_a_warning()
    {
        var diagnostics = Validate(Valid() with { CustomData = new CustomData { Value = 1m, Currency = "EUR", ContentType = "sku" } });
        Assert.Contains("product or product_group", Only(diagnostics, "custom_data.content_type", DiagnosticSeverity.Warning).Message);
    }

    [Fact]
    public void Customer_information_in_custom_data_is_rejected_because_it_would_go_unhashed()
    {
        using var email = JsonDocument.Parse("\"jane@example.com\"");
        using var text = JsonDocument.Parse("\"spring sale\"");
        var data = new CustomData
        {
            Value = 1m,
            Currency = "EUR",
            CustomProperties = new()
            {
                ["phone"] = text.RootElement.Clone(),
                ["buyer"] = email.RootElement.Clone(),
                ["campaign"] = text.RootElement.Clone(),
                ["event_id"] = text.RootElement.Clone(),
            },
        };
        var diagnostics = Validate(Valid() with { CustomData = data });
        Assert.Contains("put it in user_data", Only(diagnostics, "custom_data.phone").Message);
        Assert.Contains("user_data.em", Only(diagnostics, "custom_data.buyer").Message);
        Assert.Contains("top level", Only(diagnostics, "custom_data.event_id", DiagnosticSeverity.Warning).Message);
        Assert.DoesNotContain(diagnostics.All, d => d.Path == "custom_data.campaign");
        Assert.DoesNotContain(diagnostics.All, d => d.Message.Contains("jane@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Ldu_needs_country_and_state()
    {
        var diagnostics = Validate(Valid() with { DataProcessingOptions = ["LDU"] });
        Assert.Contains("0 (let Meta geolocate) or 1", Only(diagnostics, "data_processing_options_country").Message);
        Assert.Contains("1000 (California)", Only(diagnostics, "data_processing_options_state").Message);
        Assert.Empty(Validate(Valid() with { DataProcessingOptions = ["ldu"], DataProcessingOptionsCountry = 1, DataProcessingOptionsState = 1000 }).All);
        Assert.Empty(Validate(Valid() with { DataProcessingOptions = [] }).All);
    }

    [Fact]
    public void Data_processing_options_accept_only_ldu_and_known_codes()
    {
        var diagnostics = Validate(Valid() with
        {
            DataProcessingOptions = ["LDU", "GDPR"],
            DataProcessingOptionsCountry = 2,
            DataProcessingOptionsState = 999,
        });
        Assert.Contains("\"GDPR\" is not accepted: use one of LDU", Only(diagnostics, "data_processing_options[1]").Message);
        Assert.Contains("1 (United States)", Only(diagnostics, "data_processing_options_country").Message);
        Assert.Contains("1000 (California) to 1013", Only(diagnostics, "data_processing_options_state").Message);
    }

    [Fact]
    public void Event_id_must_not_be_blank_and_is_recommended_for_website_events()
    {
        Assert.Contains("must not be empty", Only(Validate(Valid() with { EventId = "  " }), "event_id").Message);
        Assert.Contains("deduplicate", Only(Validate(Valid() with { EventId = null }), "event_id", DiagnosticSeverity.Warning).Message);
        Assert.Empty(Validate(Valid() with { EventId = null, ActionSource = "email", EventSourceUrl = null }).All);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var diagnostics = Validate(new EventInput { EventName = "purchase", EventTime = 1, ActionSource = "web" });
        Assert.Equal(["action_source", "event_name", "event_time", "user_data"], diagnostics.Errors.Select(e => e.Path).Order().ToArray());
    }
}
