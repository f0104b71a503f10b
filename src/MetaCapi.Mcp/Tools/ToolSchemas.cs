using System.Text.Json;
using System.Text.Json.Nodes;
using MetaCapi.Events;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// The input schemas of the tools, written once: the per-event parameters are shared by the single, batch and
/// preview tools. Hand-built (not generated from C# types) because the tools read their arguments themselves to
/// report every bad argument at once, and because hashed keys take "a string or an array of strings".
/// Only JSON Schema that strict validators (Ajv strict) accept: no union <c>type</c> arrays.
/// </summary>
internal static class ToolSchemas
{
    public const string PixelIdDescription =
        "Meta Pixel (dataset) ID, digits only (Events Manager → Data sources → your dataset → Settings).";

    public const string TestEventCodeDescription =
        "Optional code from Events Manager → Test Events (e.g. TEST12345). Routes the events there so you can check them live. " +
        "Use it while testing; remove it in production (test events still count for ads). Defaults to META_TEST_EVENT_CODE when set.";

    public const string ResponseFormatDescription =
        "markdown (default): a short human-readable report. json: the same JSON object as structuredContent.";

    /// <summary>The required per-event parameters.</summary>
    public static readonly string[] RequiredEventParameters = ["event_name", "event_time", "user_data", "action_source"];

    private static readonly Lazy<JsonElement> SendSchema = new(() => BuildSingleEvent(pixelRequired: true));
    private static readonly Lazy<JsonElement> PreviewSchema = new(() => BuildSingleEvent(pixelRequired: false));
    private static readonly Lazy<JsonElement> BatchSchema = new(BuildBatch);
    private static readonly Lazy<JsonElement> DatasetQualitySchema = new(BuildDatasetQuality);
    private static readonly Lazy<JsonElement> EventStatsSchema = new(BuildEventStats);

    /// <summary>Schema of <c>meta_send_conversion_event</c> (<paramref name="pixelRequired"/>) and the preview tool; built once.</summary>
    public static JsonElement SingleEvent(bool pixelRequired) => (pixelRequired ? SendSchema : PreviewSchema).Value;

    /// <summary>Schema of <c>meta_send_conversion_events</c>; built once.</summary>
    public static JsonElement Batch() => BatchSchema.Value;

    /// <summary>Schema of <c>meta_get_dataset_quality</c>; built once.</summary>
    public static JsonElement DatasetQuality() => DatasetQualitySchema.Value;

    /// <summary>Schema of <c>meta_get_event_stats</c>; built once.</summary>
    public static JsonElement EventStats() => EventStatsSchema.Value;

    private static JsonElement BuildDatasetQuality() => ToElement(ObjectSchema(
        new JsonObject
        {
            ["pixel_id"] = String(PixelIdDescription),
            ["agent_name"] = String(
                "Optional: only events sent with this partner_agent, in Meta's normalized form (lower case, without version: " +
                "partner_agent \"shopify_2_1\" → \"shopify\"). Leave it out to see every event, which is what an advertiser wants."),
            ["response_format"] = ResponseFormat(),
        },
        ["pixel_id"],
        additionalProperties: false));

    private static JsonElement BuildEventStats() => ToElement(ObjectSchema(
        new JsonObject
        {
            ["pixel_id"] = String(PixelIdDescription),
            ["since"] = Time(
                "Start of the window: Unix time in SECONDS (1767528000) or ISO 8601 (\"2026-01-04T12:00:00Z\"; without an offset it is " +
                "UTC). Default: 24 hours before until. Meta keeps these stats for about 7 days."),
            ["until"] = Time("End of the window, in the same forms as since. Default: now."),
            ["response_format"] = ResponseFormat(),
        },
        ["pixel_id"],
        additionalProperties: false));

    private static JsonObject Time(string description) => new()
    {
        ["description"] = description,
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
    };

    private static JsonElement BuildSingleEvent(bool pixelRequired)
    {
        var properties = new JsonObject { ["pixel_id"] = String(PixelIdDescription) };
        foreach (var (name, schema) in EventProperties())
        {
            properties[name] = schema;
            if (name == "action_source")
            {
                properties["test_event_code"] = String(TestEventCodeDescription);
                properties["response_format"] = ResponseFormat();
            }
        }

        string[] required = pixelRequired ? ["pixel_id", .. RequiredEventParameters] : RequiredEventParameters;
        return ToElement(ObjectSchema(properties, required, additionalProperties: false));
    }

    private static JsonElement BuildBatch()
    {
        var eventProperties = new JsonObject();
        foreach (var (name, schema) in EventProperties())
        {
            eventProperties[name] = schema;
        }

        var item = ObjectSchema(eventProperties, RequiredEventParameters, additionalProperties: false);
        item["description"] = "One event, with the same fields as meta_send_conversion_event (without pixel_id, test_event_code and response_format).";
        var properties = new JsonObject
        {
            ["pixel_id"] = String(PixelIdDescription),
            ["events"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] =
                    "1 to 1000 events for the same pixel. All are validated first: if any is invalid, nothing is sent and every problem " +
                    "is listed with its path (events[3].user_data.em). Otherwise one request carries them all.",
                ["minItems"] = 1,
                ["maxItems"] = EventRequest.MaxEvents,
                ["items"] = item,
            },
            ["test_event_code"] = String(TestEventCodeDescription),
            ["response_format"] = ResponseFormat(),
        };
        return ToElement(ObjectSchema(properties, ["pixel_id", "events"], additionalProperties: false));
    }

    private static IEnumerable<(string Name, JsonObject Schema)> EventProperties()
    {
        yield return ("event_name", String(
            $"Standard event, spelled exactly: {string.Join(", ", StandardEvents.Names)}. Custom names (up to 50 characters) are accepted. " +
            "Case matters: 'purchase' is rejected with the right spelling."));
        yield return ("event_time", new JsonObject
        {
            ["type"] = "integer",
            ["description"] =
                "When the conversion happened: Unix timestamp in SECONDS (10 digits, not milliseconds). At most 7 days old " +
                "(62 days for physical_store) and at most 5 minutes in the future; older than 24 hours is accepted with a warning.",
        });
        yield return ("event_source_url", String(
            "Absolute http(s) URL where the conversion happened. Required for website events. An fbclid in it becomes user_data.fbc when no fbc is given."));
        yield return ("user_data", UserData());
        yield return ("custom_data", CustomData());
        yield return ("event_id", String(
            "Deduplication ID: the same value as the browser Pixel's eventID for this action (e.g. the order number). " +
            "Strongly recommended for website events, so the Pixel and server events are counted once."));
        yield return ("action_source", new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray([.. ActionSources.Names.Select(n => JsonValue.Create(n))]),
            ["description"] =
                "Where the conversion happened. website needs event_source_url and user_data.client_user_agent; app needs app_data; " +
                "business_messaging needs messaging_channel; physical_store events may be up to 62 days old.",
        });
        yield return ("opt_out", new JsonObject
        {
            ["type"] = "boolean",
            ["description"] = "true: use the event for attribution only, not for ad delivery optimization.",
        });
        yield return ("referrer_url", String("The HTTP referrer the page saw (absolute http(s) URL)."));
        yield return ("data_processing_options", new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("LDU") },
            ["description"] =
                "Limited Data Use for US state privacy laws: [\"LDU\"] to enable (then data_processing_options_country and _state are required), [] to state it is off.",
        });
        yield return ("data_processing_options_country", new JsonObject
        {
            ["type"] = "integer",
            ["enum"] = new JsonArray(0, 1),
            ["description"] = "With LDU: 1 = United States, 0 = let Meta geolocate from the IP address.",
        });
        yield return ("data_processing_options_state", new JsonObject
        {
            ["type"] = "integer",
            ["description"] = "With LDU: 1000 = California (1000–1013 are US state codes), 0 = let Meta geolocate from the IP address.",
        });
        yield return ("app_data", AppData());
        yield return ("messaging_channel", new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray([.. EventValidator.MessagingChannels.Select(n => JsonValue.Create(n))]),
            ["description"] = "Required when action_source is business_messaging.",
        });
        yield return ("original_event_data", new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The earlier event this one refers to (for example the purchase a later event is about).",
            ["properties"] = new JsonObject
            {
                ["event_name"] = String("Name of the earlier event."),
                ["event_time"] = new JsonObject { ["type"] = "integer", ["description"] = "Unix time in seconds of the earlier event." },
                ["order_id"] = String("Order ID of the earlier event."),
                ["event_id"] = String("Event ID of the earlier event."),
            },
            ["additionalProperties"] = false,
        });
    }

    private static JsonObject UserData()
    {
        var hashedDescriptions = new Dictionary<string, string>
        {
            ["em"] = "Email address, raw (e.g. \"Jane.Doe@Example.com\"); trimmed, lowercased, validated, hashed.",
            ["ph"] = "Phone number, raw, ideally with country code (e.g. \"+44 20 7946 0958\" or \"(415) 555-0100\" with country US); made E.164 with libphonenumber using user_data.country or META_DEFAULT_COUNTRY, then hashed.",
            ["fn"] = "First name, raw (\"Mary-Jane\"); lowercased, punctuation and spaces removed, accents kept, hashed.",
            ["ln"] = "Last name, raw (\"O'Brien\"); like fn.",
            ["db"] = "Date of birth, raw (\"1997-02-16\", \"02/16/1997\", \"19970216\"); read as YYYYMMDD (month first when ambiguous), hashed.",
            ["ge"] = "Gender: \"f\"/\"female\"/\"woman\"… or \"m\"/\"male\"/\"man\"…; hashed as f or m.",
            ["ct"] = "City, raw (\"San Francisco\"); lowercased, letters and digits only, hashed.",
            ["st"] = "State or province, raw (\"California\" or \"CA\"); US and Canadian names become their 2-letter code, hashed.",
            ["zp"] = "Postal code, raw (\"94035-1234\", \"M1 1AE\"); US ZIPs cut to 5 digits, spaces removed, hashed.",
            ["country"] = "Country, raw (\"US\", \"United States\", \"UK\"); becomes the ISO 3166-1 alpha-2 code, hashed. Also used as the region for phone numbers.",
            ["external_id"] = "Your customer ID (loyalty, account or CRM ID); whitespace removed, lowercased, hashed. Use the same ID in the Pixel.",
        };
        var plainDescriptions = new Dictionary<string, string>
        {
            ["client_ip_address"] = "The customer's IP address (IPv4 or IPv6, IPv6 preferred), not hashed.",
            ["client_user_agent"] = "The customer's browser User-Agent, not hashed. Required for website events.",
            ["fbc"] = "Click ID from the _fbc cookie (fb.1.1554763741205.AbCdEf…), sent as is.",
            ["fbp"] = "Browser ID from the _fbp cookie (fb.1.1596403881668.1116446470), sent as is.",
            ["subscription_id"] = "Subscription ID of this transaction.",
            ["fb_login_id"] = "App-scoped Facebook Login user ID.",
            ["lead_id"] = "Lead Ads lead ID (15–16 digits).",
            ["anon_id"] = "App install ID (app events).",
            ["madid"] = "Mobile advertiser ID: Android advertising ID or Apple IDFA (app events).",
            ["page_id"] = "Facebook Page ID (business messaging).",
            ["page_scoped_user_id"] = "Page-scoped user ID from the Messenger webhook.",
            ["ctwa_clid"] = "Click-to-WhatsApp click ID.",
            ["ig_account_id"] = "Instagram business account ID.",
            ["ig_sid"] = "Instagram-scoped user ID.",
            ["whatsapp_business_account_id"] = "WhatsApp Business account ID.",
        };

        var properties = new JsonObject();
        foreach (var key in UserDataKeys.Hashed)
        {
            properties[key] = new JsonObject
            {
                ["description"] = hashedDescriptions[key] + " A 64-hex SHA-256 value is taken as already hashed. An array gives several values.",
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["type"] = "string" },
                    new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }),
            };
        }

        foreach (var key in UserDataKeys.Plain)
        {
            properties[key] = String(plainDescriptions[key]);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] =
                "Customer information. Pass RAW values: they are normalized and SHA-256 hashed here exactly as Meta's Pixel and SDKs do " +
                "(values already hashed pass through). At least one identifier; the strongest are em, ph, fbc, external_id, " +
                "client_ip_address + client_user_agent, fbp. Aliases email, phone, first_name, last_name, date_of_birth, gender, city, " +
                "state, zip, zip_code, postal_code, ip, ip_address and user_agent are accepted with a warning.",
            ["properties"] = properties,
        };
    }

    private static JsonObject CustomData() => new()
    {
        ["type"] = "object",
        ["description"] =
            "Business data. Purchase needs value and currency. Any other key is sent as a custom property (never put customer " +
            "information here: it is not hashed).",
        ["properties"] = new JsonObject
        {
            ["value"] = new JsonObject { ["type"] = "number", ["description"] = "Monetary value, e.g. 49.99. Needs currency." },
            ["currency"] = String("ISO 4217 code, e.g. USD, EUR, GBP."),
            ["content_name"] = String("Name of the page or product."),
            ["content_category"] = String("Category of the page or product."),
            ["content_ids"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string" },
                ["description"] = "Product IDs (SKUs), as in your catalog.",
            },
            ["contents"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "Products: id (required), quantity (positive integer), item_price, delivery_category, title, description, brand, category.",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["id"] = String("Product ID (SKU)."),
                        ["quantity"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                        ["item_price"] = new JsonObject { ["type"] = "number" },
                        ["delivery_category"] = DeliveryCategory(),
                        ["title"] = new JsonObject { ["type"] = "string" },
                        ["description"] = new JsonObject { ["type"] = "string" },
                        ["brand"] = new JsonObject { ["type"] = "string" },
                        ["category"] = new JsonObject { ["type"] = "string" },
                    },
                    ["required"] = new JsonArray("id"),
                    ["additionalProperties"] = false,
                },
            },
            ["content_type"] = String("product or product_group: what content_ids refer to."),
            ["order_id"] = String("Order ID."),
            ["num_items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "Number of items (InitiateCheckout)." },
            ["predicted_ltv"] = new JsonObject { ["type"] = "number", ["description"] = "Predicted lifetime value of the customer." },
            ["net_revenue"] = new JsonObject { ["type"] = "number", ["description"] = "Margin value of the conversion." },
            ["search_string"] = String("The search query (Search)."),
            ["status"] = String("Registration status (CompleteRegistration)."),
            ["delivery_category"] = DeliveryCategory(),
        },
    };

    private static JsonObject AppData() => new()
    {
        ["type"] = "object",
        ["description"] = "Required when action_source is app (the dataset must be linked to the app).",
        ["properties"] = new JsonObject
        {
            ["advertiser_tracking_enabled"] = new JsonObject
            {
                ["type"] = "boolean",
                ["description"] = "Required: whether the user allowed tracking (iOS 14.5+ App Tracking Transparency).",
            },
            ["application_tracking_enabled"] = new JsonObject
            {
                ["type"] = "boolean",
                ["description"] = "Required: whether app-level tracking is enabled.",
            },
            ["extinfo"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string" },
                ["minItems"] = 16,
                ["maxItems"] = 16,
                ["description"] =
                    "Required: 16 strings in order: \"a2\" (Android) or \"i2\" (iOS), package name, short version, long version, OS version, " +
                    "device model, locale, timezone abbreviation, carrier, screen width, screen height, screen density, CPU cores, " +
                    "external storage GB, free storage GB, device timezone. Empty strings as placeholders.",
            },
            ["campaign_ids"] = String("Campaign IDs from the app's deep link."),
            ["install_referrer"] = String("Android install referrer."),
            ["installer_package"] = String("Android installer package."),
            ["url_schemes"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            ["vendor_id"] = String("iOS vendor ID."),
            ["windows_attribution_id"] = String("Windows attribution ID."),
        },
        ["additionalProperties"] = false,
    };

    private static JsonObject DeliveryCategory() => new()
    {
        ["type"] = "string",
        ["enum"] = new JsonArray([.. EventValidator.DeliveryCategories.Select(n => JsonValue.Create(n))]),
    };

    private static JsonObject ResponseFormat() => new()
    {
        ["type"] = "string",
        ["enum"] = new JsonArray("markdown", "json"),
        ["default"] = "markdown",
        ["description"] = ResponseFormatDescription,
    };

    private static JsonObject String(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject ObjectSchema(JsonObject properties, string[] required, bool additionalProperties) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]),
        ["additionalProperties"] = additionalProperties,
    };

    private static JsonElement ToElement(JsonObject schema)
    {
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return document.RootElement.Clone();
    }
}
