using System.Globalization;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Normalization;

namespace MetaCapi.Validation;

/// <summary>
/// The rules of docs/validation.md#event-rules for one event. An error means nothing is sent; a warning is reported and the event
/// still goes. Every message names the parameter, says what was wrong and what is accepted.
/// </summary>
internal static class EventValidator
{
    /// <summary>Events may be at most this far in the future (clock skew).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Meta fails the whole request for an event older than this (most action sources).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    /// <summary>Meta fails the whole request for a <c>physical_store</c> event older than this.</summary>
    public static readonly TimeSpan MaxAgePhysicalStore = TimeSpan.FromDays(62);

    /// <summary>Older than this, attribution suffers (a warning).</summary>
    public static readonly TimeSpan StaleAge = TimeSpan.FromHours(24);

    /// <summary>The accepted <c>messaging_channel</c> values.</summary>
    public static IReadOnlyList<string> MessagingChannels { get; } = ["messenger", "whatsapp", "instagram"];

    /// <summary>The accepted <c>delivery_category</c> values.</summary>
    public static IReadOnlyList<string> DeliveryCategories { get; } = ["in_store", "curbside", "home_delivery"];

    /// <summary>The <c>content_type</c> values Meta documents (others are sent with a warning).</summary>
    private static readonly string[] ContentTypes = ["product", "product_group"];

    /// <summary>The one value <c>data_processing_options</c> accepts: Limited Data Use.</summary>
    private static readonly string[] DataProcessingOptions = ["LDU"];

    private const int MaxEventNameLength = InputLimits.EventName;

    /// <summary>The longest text checked for an email address (RFC 5321 allows 254 characters in a path).</summary>
    private const int MaxEmailLength = 320;
    private const long MillisecondsThreshold = 100_000_000_000; // 13-digit timestamps (year 5138 in seconds)

    /// <summary>Checks the pixel (dataset) ID: 1–20 ASCII digits.</summary>
    public static void ValidatePixelId(string? pixelId, Diagnostics diagnostics, string path = "pixel_id")
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (diagnostics.HasErrorAt(path))
        {
            return;
        }

        if (pixelId is null)
        {
            diagnostics.Error(path, $"{path} is required: the Meta Pixel (dataset) ID, 1–20 digits, from Events Manager → Data sources.");
        }
        else if (pixelId.Length is 0 or > 20 || !IsAsciiDigits(pixelId))
        {
            diagnostics.Error(path, $"{path} must be the Meta Pixel (dataset) ID: 1–20 digits only (e.g. \"1234567890123456\").");
        }
    }

    /// <summary>Checks every rule that does not depend on normalized customer data.</summary>
    /// <param name="input">The event as read.</param>
    /// <param name="now">The current time.</param>
    /// <param name="diagnostics">Where problems go.</param>
    /// <returns>The action source, when it is valid.</returns>
    public static ActionSource? Validate(EventInput input, DateTimeOffset now, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var actionSource = ValidateActionSource(input, diagnostics);
        ValidateEventName(input.EventName, "event_name", diagnostics, required: true);
        ValidateEventTime(input.EventTime, actionSource, now, diagnostics);
        ValidateUrl(input.EventSourceUrl, "event_source_url", diagnostics);
        ValidateUrl(input.ReferrerUrl, "referrer_url", diagnostics);
        ValidateEventId(input, actionSource, diagnostics);
        ValidateSourceRequirements(input, actionSource, diagnostics);
        if (input.UserData is null && !diagnostics.HasErrorAt("user_data"))
        {
            diagnostics.Error("user_data",
                "user_data is required: customer information such as {\"em\": \"…\", \"ph\": \"…\", \"client_ip_address\": \"…\", \"client_user_agent\": \"…\"}. Raw values are normalized and hashed here.");
        }

        if (input.CustomData is not null)
        {
            ValidateCustomData(input.CustomData, diagnostics);
        }

        if (string.Equals(input.EventName, StandardEvents.Purchase, StringComparison.Ordinal))
        {
            ValidatePurchase(input.CustomData, diagnostics);
        }

        ValidateDataProcessingOptions(input, diagnostics);
        if (input.OriginalEventData is not null)
        {
            ValidateOriginalEvent(input.OriginalEventData, diagnostics);
        }

        return actionSource;
    }

    /// <summary>
    /// Checks that no <c>user_data</c> key has more than <see cref="InputLimits.ValuesPerKey"/> values, before anything is
    /// normalized (a .NET caller may fill <see cref="EventInput.UserData"/> directly; the JSON reader checks arrays itself).
    /// </summary>
    /// <returns>Whether the values may be normalized.</returns>
    public static bool ValidateUserDataCounts(IReadOnlyList<UserDataValue> values, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (values.Count <= InputLimits.ValuesPerKey)
        {
            return true;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            counts[value.Key ?? string.Empty] = counts.GetValueOrDefault(value.Key ?? string.Empty) + 1;
        }

        var valid = true;
        foreach (var (key, count) in counts)
        {
            if (count > InputLimits.ValuesPerKey)
            {
                var path = "user_data." + (JsonValues.IsShownName(key) ? key : "?");
                diagnostics.Error(path, EventInputReader.TooManyValues(path, count));
                valid = false;
            }
        }

        return valid;
    }

    /// <summary>The rules that apply to customer data once it is normalized (docs/validation.md#user_data).</summary>
    public static void ValidateUserData(UserData userData, ActionSource? actionSource, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(userData);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var keys = userData.PresentKeys();
        if (keys.Count == 0)
        {
            diagnostics.Error("user_data",
                "user_data has no usable customer information (nothing was given, or every value was dropped; see the warnings). " +
                "Add at least one of em, ph, external_id, fbc, fbp, or client_ip_address with client_user_agent.");
        }
        else if (RejectedAlone(keys) is { } set)
        {
            diagnostics.Error("user_data",
                $"user_data carries only {string.Join(", ", keys)}; Meta rejects events whose customer information is only {set} or part of it. " +
                "Add a stronger identifier: em, ph, external_id, fbc, fbp, or client_ip_address.");
        }

        if (actionSource == ActionSource.Website && userData.ClientUserAgent is null && !diagnostics.HasErrorAt("user_data.client_user_agent"))
        {
            diagnostics.Error("user_data.client_user_agent",
                "user_data.client_user_agent is required for website events: the browser's User-Agent header, sent as given (never hashed).");
        }
    }

    private static ActionSource? ValidateActionSource(EventInput input, Diagnostics diagnostics)
    {
        if (diagnostics.HasErrorAt("action_source"))
        {
            return null;
        }

        if (input.ActionSource is null)
        {
            diagnostics.Error("action_source", $"action_source is required: one of {string.Join(", ", ActionSources.Names)}.");
            return null;
        }

        if (!ActionSources.TryParse(input.ActionSource.Trim(), out var source))
        {
            diagnostics.Error("action_source", AcceptedValues.UnknownValue("action_source", input.ActionSource.Trim(), ActionSources.Names));
            return null;
        }

        return source;
    }

    private static void ValidateEventName(string? name, string path, Diagnostics diagnostics, bool required)
    {
        if (diagnostics.HasErrorAt(path))
        {
            return;
        }

        if (name is null)
        {
            if (required)
            {
                diagnostics.Error(path,
                    $"{path} is required: a standard event ({string.Join(", ", StandardEvents.Names)}) or a custom name of up to 50 characters.");
            }

            return;
        }

        var trimmed = name.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxEventNameLength)
        {
            diagnostics.Error(path,
                $"{path} must be 1–50 characters: a standard event ({string.Join(", ", StandardEvents.Names)}) or a custom name.");
            return;
        }

        if (StandardEvents.MiscasedStandardName(trimmed) is { } standard)
        {
            diagnostics.Error(path,
                $"{path} must be spelled '{standard}' exactly: Meta's standard event names are case-sensitive (deduplication and reporting depend on it).");
            return;
        }

        if (trimmed.Length != name.Length)
        {
            diagnostics.Warning(path, $"{path} had white space around it, which was removed.");
        }
    }

    private static void ValidateEventTime(long? eventTime, ActionSource? source, DateTimeOffset now, Diagnostics diagnostics)
    {
        const string Path = "event_time";
        if (diagnostics.HasErrorAt(Path))
        {
            return;
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        if (eventTime is not { } time)
        {
            diagnostics.Error(Path, $"event_time is required: when the conversion happened, as a Unix timestamp in seconds (now is {nowSeconds}).");
            return;
        }

        if (Math.Abs(time) >= MillisecondsThreshold)
        {
            diagnostics.Error(Path,
                $"event_time {time} looks like milliseconds; send Unix seconds (divide by 1000: {time / 1000}). Now is {nowSeconds}.");
            return;
        }

        var age = TimeSpan.FromSeconds(nowSeconds - time);
        if (-age > FutureTolerance)
        {
            diagnostics.Error(Path,
                $"event_time {time} ({Describe(time)}) is {Round(-age)} in the future; it may be at most 5 minutes ahead of now ({nowSeconds}, {Describe(nowSeconds)}).");
            return;
        }

        var physical = source == ActionSource.PhysicalStore;
        var maxAge = physical ? MaxAgePhysicalStore : MaxAge;
        if (age > maxAge)
        {
            diagnostics.Error(Path,
                $"event_time {time} ({Describe(time)}) is {Round(age)} old; Meta rejects the whole request for events older than " +
                $"{(physical ? "62 days (physical_store)" : "7 days (62 days for physical_store)")}. Now is {nowSeconds}.");
        }
        else if (age > StaleAge)
        {
            diagnostics.Warning(Path,
                $"event_time is {Round(age)} old; events sent more than 24 hours late are attributed poorly. Send events as soon as they happen.");
        }
    }

    private static void ValidateEventId(EventInput input, ActionSource? source, Diagnostics diagnostics)
    {
        if (diagnostics.HasErrorAt("event_id"))
        {
            return;
        }

        if (input.EventId is null)
        {
            if (source == ActionSource.Website)
            {
                diagnostics.Warning("event_id",
                    "event_id is missing, so Meta cannot deduplicate this event against the browser Pixel; pass the Pixel's eventID (e.g. the order number).");
            }
        }
        else if (input.EventId.Trim().Length == 0)
        {
            diagnostics.Error("event_id", "event_id must not be empty: a unique ID for this action, equal to the browser Pixel's eventID (e.g. the order number).");
        }
    }

    private static void ValidateSourceRequirements(EventInput input, ActionSource? source, Diagnostics diagnostics)
    {
        if (source == ActionSource.Website && input.EventSourceUrl is null && !diagnostics.HasErrorAt("event_source_url"))
        {
            diagnostics.Error("event_source_url",
                "event_source_url is required for website events: the absolute http(s) URL of the page where the conversion happened.");
        }

        if (source == ActionSource.App)
        {
            ValidateAppData(input.AppData, diagnostics);
        }
        else if (input.AppData is not null && source is not null)
        {
            diagnostics.Warning("app_data", "app_data is only used for app events (action_source app); it is sent as given.");
        }

        var channel = input.MessagingChannel;
        if (channel is not null && !diagnostics.HasErrorAt("messaging_channel")
            && !Contains(MessagingChannels, channel.Trim().ToLowerInvariant()))
        {
            diagnostics.Error("messaging_channel", AcceptedValues.UnknownValue("messaging_channel", channel.Trim(), MessagingChannels));
        }

        if (source == ActionSource.BusinessMessaging && channel is null && !diagnostics.HasErrorAt("messaging_channel"))
        {
            diagnostics.Error("messaging_channel",
                $"messaging_channel is required for business_messaging events: one of {string.Join(", ", MessagingChannels)}.");
        }
    }

    private static void ValidateAppData(AppData? appData, Diagnostics diagnostics)
    {
        if (appData is null)
        {
            if (!diagnostics.HasErrorAt("app_data"))
            {
                diagnostics.Error("app_data",
                    "app_data is required for app events: {\"advertiser_tracking_enabled\": true, \"application_tracking_enabled\": true, \"extinfo\": [16 strings, \"a2\" or \"i2\" first]}.");
            }

            return;
        }

        if (appData.AdvertiserTrackingEnabled is null && !diagnostics.HasErrorAt("app_data.advertiser_tracking_enabled"))
        {
            diagnostics.Error("app_data.advertiser_tracking_enabled",
                "app_data.advertiser_tracking_enabled is required for app events: true if the user allowed tracking (iOS ATT), else false.");
        }

        if (appData.ApplicationTrackingEnabled is null && !diagnostics.HasErrorAt("app_data.application_tracking_enabled"))
        {
            diagnostics.Error("app_data.application_tracking_enabled",
                "app_data.application_tracking_enabled is required for app events: true if app-level tracking is enabled, else false.");
        }

        if (diagnostics.HasErrorAt("app_data.extinfo"))
        {
            return;
        }

        if (appData.Extinfo is null)
        {
            diagnostics.Error("app_data.extinfo",
                "app_data.extinfo is required for app events: an array of exactly 16 strings (\"a2\" for Android or \"i2\" for iOS first, empty strings as placeholders).");
        }
        else if (appData.Extinfo.Count != 16)
        {
            diagnostics.Error("app_data.extinfo",
                $"app_data.extinfo must have exactly 16 strings (got {appData.Extinfo.Count}): version (\"a2\"/\"i2\"), package name, short version, long version, OS version, device model, locale, timezone abbreviation, carrier, screen width, screen height, screen density, CPU cores, external storage GB, free storage GB, device timezone.");
        }
        else if (appData.Extinfo[0] is not ("a2" or "i2"))
        {
            diagnostics.Error("app_data.extinfo[0]", "app_data.extinfo[0] must be \"a2\" (Android) or \"i2\" (iOS).");
        }
    }

    private static void ValidateUrl(string? url, string path, Diagnostics diagnostics)
    {
        if (url is null || diagnostics.HasErrorAt(path))
        {
            return;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            diagnostics.Error(path, $"{path} must be an absolute http or https URL, such as https://shop.example.com/checkout/thanks.");
        }
    }

    private static void ValidateCustomData(CustomData data, Diagnostics diagnostics)
    {
        if (data.Currency is { } currency && !diagnostics.HasErrorAt("custom_data.currency")
            && !Currencies.IsIsoCode(currency.Trim()))
        {
            diagnostics.Error("custom_data.currency", "custom_data.currency must be an ISO 4217 currency code such as USD, EUR or GBP.");
        }

        if (data.Value is not null && data.Currency is null && !diagnostics.HasErrorAt("custom_data.currency"))
        {
            diagnostics.Error("custom_data.currency",
                "custom_data.currency is required when custom_data.value is given: an ISO 4217 code such as USD.");
        }

        if (data.NumItems is < 0)
        {
            diagnostics.Error("custom_data.num_items", "custom_data.num_items must be a whole number of items, 0 or more.");
        }

        ValidateDeliveryCategory(data.DeliveryCategory, "custom_data.delivery_category", diagnostics);

        if (data.ContentType is { } contentType && contentType.Trim() is not ("product" or "product_group"))
        {
            var suggestion = AcceptedValues.Closest(contentType.Trim(), ContentTypes) is { } closest ? $" Did you mean \"{closest}\"?" : string.Empty;
            diagnostics.Warning("custom_data.content_type",
                "custom_data.content_type is usually product or product_group (what content_ids refer to); other values are sent as given." + suggestion);
        }

        if (data.Contents is { } contents)
        {
            for (var i = 0; i < contents.Count; i++)
            {
                ValidateContent(contents[i], $"custom_data.contents[{i}]", diagnostics);
            }
        }

        if (data.CustomProperties is { } custom)
        {
            foreach (var (key, value) in custom)
            {
                ValidateCustomProperty(key, value, diagnostics);
            }
        }
    }

    private static void ValidateContent(Content content, string path, Diagnostics diagnostics)
    {
        if (diagnostics.HasErrorAt(path))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(content.Id))
        {
            diagnostics.Error(path + ".id", $"{path}.id is required: the product ID (SKU) as in your catalog.");
        }

        if (content.Quantity is <= 0)
        {
            diagnostics.Error(path + ".quantity", $"{path}.quantity must be a positive whole number.");
        }

        ValidateDeliveryCategory(content.DeliveryCategory, path + ".delivery_category", diagnostics);
    }

    private static void ValidateDeliveryCategory(string? category, string path, Diagnostics diagnostics)
    {
        if (category is not null && !diagnostics.HasErrorAt(path) && !Contains(DeliveryCategories, category.Trim()))
        {
            diagnostics.Error(path, AcceptedValues.UnknownValue(path, category.Trim(), DeliveryCategories));
        }
    }

    private static void ValidateCustomProperty(string key, JsonElement value, Diagnostics diagnostics)
    {
        var path = "custom_data." + key;
        if (UserDataKeys.IsKnown(key) || UserDataKeys.Aliases.ContainsKey(key))
        {
            diagnostics.Error(path,
                $"{path} looks like customer information; custom_data is sent to Meta unhashed, so put it in user_data (where it is normalized and hashed).");
        }
        else if (value.ValueKind == JsonValueKind.String && JsonValues.TryBounded(value, MaxEmailLength, out var text)
                 && EmailRule.IsEmail(text.AsSpan().Trim()))
        {
            diagnostics.Error(path,
                $"{path} holds an email address; custom_data is sent to Meta unhashed, so send email addresses as user_data.em (hashed) instead.");
        }
        else if (key == "event_id")
        {
            diagnostics.Warning(path, "custom_data.event_id is only a custom property; for deduplication send event_id at the top level of the event.");
        }
    }

    private static void ValidatePurchase(CustomData? data, Diagnostics diagnostics)
    {
        if (diagnostics.HasErrorAt("custom_data", includeBelow: false))
        {
            return;
        }

        if (data?.Value is null && !diagnostics.HasErrorAt("custom_data.value"))
        {
            diagnostics.Error("custom_data.value", "custom_data.value is required for Purchase events: the order's monetary value, e.g. 49.99.");
        }

        if (data?.Currency is null && !diagnostics.HasErrorAt("custom_data.currency"))
        {
            diagnostics.Error("custom_data.currency", "custom_data.currency is required for Purchase events: an ISO 4217 code such as USD.");
        }
    }

    private static void ValidateDataProcessingOptions(EventInput input, Diagnostics diagnostics)
    {
        var ldu = false;
        if (input.DataProcessingOptions is { } options)
        {
            for (var i = 0; i < options.Count; i++)
            {
                if (string.Equals(options[i].Trim(), "LDU", StringComparison.OrdinalIgnoreCase))
                {
                    ldu = true;
                }
                else
                {
                    diagnostics.Error($"data_processing_options[{i}]",
                        AcceptedValues.UnknownValue($"data_processing_options[{i}]", options[i].Trim(), DataProcessingOptions) +
                        " (Limited Data Use): send [\"LDU\"] or [].");
                }
            }
        }

        if (input.DataProcessingOptionsCountry is { } country && country is not (0 or 1))
        {
            diagnostics.Error("data_processing_options_country", "data_processing_options_country must be 0 (let Meta geolocate) or 1 (United States).");
        }

        if (input.DataProcessingOptionsState is { } state && state is not 0 and not (>= 1000 and <= 1013))
        {
            diagnostics.Error("data_processing_options_state",
                "data_processing_options_state must be 0 (let Meta geolocate) or a US state code from 1000 (California) to 1013.");
        }

        if (ldu)
        {
            if (input.DataProcessingOptionsCountry is null && !diagnostics.HasErrorAt("data_processing_options_country"))
            {
                diagnostics.Error("data_processing_options_country",
                    "data_processing_options_country is required with LDU: 0 (let Meta geolocate) or 1 (United States).");
            }

            if (input.DataProcessingOptionsState is null && !diagnostics.HasErrorAt("data_processing_options_state"))
            {
                diagnostics.Error("data_processing_options_state",
                    "data_processing_options_state is required with LDU: 0 (let Meta geolocate) or a US state code from 1000 (California) to 1013.");
            }
        }
        else if (input.DataProcessingOptionsCountry is not null || input.DataProcessingOptionsState is not null)
        {
            diagnostics.Warning("data_processing_options",
                "data_processing_options_country and _state only take effect with data_processing_options [\"LDU\"]; they are sent as given.");
        }
    }

    private static void ValidateOriginalEvent(OriginalEventData data, Diagnostics diagnostics)
    {
        ValidateEventName(data.EventName, "original_event_data.event_name", diagnostics, required: false);
        if (data.EventTime is { } time && (time <= 0 || Math.Abs(time) >= MillisecondsThreshold)
            && !diagnostics.HasErrorAt("original_event_data.event_time"))
        {
            diagnostics.Error("original_event_data.event_time", "original_event_data.event_time must be a Unix timestamp in seconds.");
        }
    }

    private static string? RejectedAlone(IReadOnlyList<string> keys)
    {
        if (IsSubset(keys, ["ct", "country", "st", "zp", "ge", "client_user_agent"]))
        {
            return "{ct, country, st, zp, ge, client_user_agent}";
        }

        if (IsSubset(keys, ["db", "client_user_agent"]))
        {
            return "{db, client_user_agent}";
        }

        if (IsSubset(keys, ["fn", "ge"]))
        {
            return "{fn, ge}";
        }

        return IsSubset(keys, ["ln", "ge"]) ? "{ln, ge}" : null;
    }

    private static bool IsSubset(IReadOnlyList<string> keys, string[] set)
    {
        foreach (var key in keys)
        {
            if (Array.IndexOf(set, key) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAsciiDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(long unixSeconds) =>
        unixSeconds is > -62135596800 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : "out of range";

    private static string Round(TimeSpan span) =>
        span.TotalDays >= 2 ? Count(span.TotalDays, "day")
        : span.TotalHours >= 1 ? Count(span.TotalHours, "hour")
        : Count(Math.Ceiling(span.TotalMinutes), "minute");

    /// <summary><c>1 hour</c>, <c>1.5 hours</c>, <c>2 days</c>: the amount to one decimal, the unit singular only for exactly 1.</summary>
    private static string Count(double amount, string unit)
    {
        var text = amount.ToString("0.#", CultureInfo.InvariantCulture);
        return text == "1" ? $"1 {unit}" : $"{text} {unit}s";
    }
}
