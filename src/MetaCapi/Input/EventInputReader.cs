using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Normalization;
using MetaCapi.Validation;

namespace MetaCapi.Input;

/// <summary>
/// Reads one event from JSON (tool arguments or an item of a batch) into an <see cref="EventInput"/>, reporting
/// every wrong type, unknown key and malformed nested object at once. Semantic rules come later
/// (<see cref="EventValidator"/>).
/// </summary>
internal static class EventInputReader
{
    /// <summary>The per-event parameters, in the order the tools document them.</summary>
    public static IReadOnlyList<string> EventParameters { get; } =
    [
        "event_name", "event_time", "event_source_url", "user_data", "custom_data", "event_id", "action_source",
        "opt_out", "referrer_url", "data_processing_options", "data_processing_options_country",
        "data_processing_options_state", "app_data", "messaging_channel", "original_event_data",
    ];

    private static readonly FrozenSet<string> EventParameterSet = EventParameters.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] EventParameterNames = [.. EventParameters];

    /// <summary>The standard <c>custom_data</c> keys; any other key is a custom property.</summary>
    internal static readonly string[] CustomDataStandardKeys =
    [
        "value", "currency", "content_name", "content_category", "content_ids", "contents", "content_type", "order_id",
        "num_items", "predicted_ltv", "net_revenue", "search_string", "status", "delivery_category",
    ];

    private static readonly string[] ContentKeys =
        ["id", "quantity", "item_price", "delivery_category", "title", "description", "brand", "category"];

    internal static readonly string[] AppDataKeys =
    [
        "advertiser_tracking_enabled", "application_tracking_enabled", "extinfo", "campaign_ids", "install_referrer",
        "installer_package", "url_schemes", "vendor_id", "windows_attribution_id",
    ];

    internal static readonly string[] OriginalEventKeys = ["event_name", "event_time", "order_id", "event_id"];

    /// <summary>Every key and alias user_data accepts, to read names without making strings.</summary>
    private static readonly string[] UserDataNames = [.. UserDataKeys.All, .. UserDataKeys.Aliases.Keys];

    /// <summary>The paths of the known keys (<c>user_data.em</c>, …), made once: each value of an event has one.</summary>
    private static readonly FrozenDictionary<string, string> UserDataPaths = Paths("user_data", UserDataNames);

    private static readonly FrozenDictionary<string, string> CustomDataPaths = Paths("custom_data", CustomDataStandardKeys);

    /// <summary>Reads an event given as a JSON object (an item of a batch).</summary>
    public static EventInput Read(JsonElement eventObject, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!JsonValues.RequireObject(eventObject, string.Empty, "an event with event_name, event_time, action_source, user_data, …", diagnostics))
        {
            return new EventInput();
        }

        var fields = default(Fields);
        foreach (var property in eventObject.EnumerateObject())
        {
            ReadParameter(ref fields, KnownName(property, EventParameterNames), property.Value, diagnostics, [], string.Empty);
        }

        return fields.ToInput();
    }

    /// <summary>
    /// Reads an event from named values (the arguments of a tool call). Names in <paramref name="callParameters"/>
    /// belong to the caller (e.g. <c>pixel_id</c>) and are skipped; any other unknown name is an error.
    /// </summary>
    public static EventInput Read(
        IEnumerable<KeyValuePair<string, JsonElement>> properties,
        Diagnostics diagnostics,
        IReadOnlyCollection<string> callParameters)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(callParameters);

        var fields = default(Fields);
        foreach (var (name, value) in properties)
        {
            if (!callParameters.Contains(name))
            {
                ReadParameter(ref fields, name, value, diagnostics, callParameters, "arguments");
            }
        }

        return fields.ToInput();
    }

    private static void ReadParameter(
        ref Fields fields, string name, JsonElement value, Diagnostics diagnostics, IReadOnlyCollection<string> callParameters, string parent)
    {
        if (!ShownName(name, parent, diagnostics))
        {
            return;
        }

        if (JsonValues.IsAbsent(value))
        {
            if (!EventParameterSet.Contains(name))
            {
                ReportUnknownParameter(name, diagnostics, callParameters);
            }

            return;
        }

        switch (name)
        {
            case "event_name":
                fields.EventName = JsonValues.String(value, name, InputLimits.EventName, diagnostics);
                break;
            case "event_time":
                fields.EventTime = JsonValues.Integer(value, name, "an integer Unix timestamp in seconds", diagnostics);
                break;
            case "event_source_url":
                fields.EventSourceUrl = JsonValues.String(value, name, InputLimits.Url, diagnostics);
                break;
            case "user_data":
                fields.UserData = ReadUserData(value, diagnostics);
                break;
            case "custom_data":
                fields.CustomData = ReadCustomData(value, diagnostics);
                break;
            case "event_id":
                fields.EventId = JsonValues.StringOrNumber(value, name, InputLimits.Identifier, diagnostics);
                break;
            case "action_source":
                fields.ActionSource = ReadActionSource(value, diagnostics);
                break;
            case "opt_out":
                fields.OptOut = JsonValues.Boolean(value, name, diagnostics);
                break;
            case "referrer_url":
                fields.ReferrerUrl = JsonValues.String(value, name, InputLimits.Url, diagnostics);
                break;
            case "data_processing_options":
                fields.DataProcessingOptions = JsonValues.StringList(value, name, InputLimits.Code, diagnostics);
                break;
            case "data_processing_options_country":
                fields.DataProcessingOptionsCountry = JsonValues.Integer(value, name, "0 (geolocate) or 1 (United States)", diagnostics);
                break;
            case "data_processing_options_state":
                fields.DataProcessingOptionsState = JsonValues.Integer(value, name, "0 (geolocate) or a US state code 1000–1013", diagnostics);
                break;
            case "app_data":
                fields.AppData = ReadAppData(value, diagnostics);
                break;
            case "messaging_channel":
                fields.MessagingChannel = JsonValues.String(value, name, InputLimits.Code, diagnostics);
                break;
            case "original_event_data":
                fields.OriginalEventData = ReadOriginalEvent(value, diagnostics);
                break;
            default:
                ReportUnknownParameter(name, diagnostics, callParameters);
                break;
        }
    }

    /// <summary>
    /// The name of <paramref name="property"/>: the string of <paramref name="known"/> it spells, without making a new
    /// one (an event has a few dozen names, all known), else its own text.
    /// </summary>
    private static string KnownName(JsonProperty property, string[] known)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            foreach (var name in known)
            {
                if (name.Length == raw.Length && Ascii.Equals(raw, name))
                {
                    return name;
                }
            }
        }

        return property.Name;
    }

    /// <summary>
    /// <paramref name="parent"/>.<paramref name="name"/> from <paramref name="paths"/> when the name is known there
    /// (made once for the process), else made now.
    /// </summary>
    private static string PathOf(string parent, string name, FrozenDictionary<string, string> paths) =>
        paths.TryGetValue(name, out var path) ? path : parent + "." + name;

    private static FrozenDictionary<string, string> Paths(string parent, IEnumerable<string> names) =>
        names.Distinct(StringComparer.Ordinal).ToFrozenDictionary(name => name, name => parent + "." + name, StringComparer.Ordinal);

    /// <summary>
    /// Whether a property name may be used (and quoted in a message): at most <see cref="InputLimits.Name"/> characters.
    /// A longer one is an error at <paramref name="parent"/> that does not repeat it.
    /// </summary>
    private static bool ShownName(string name, string parent, Diagnostics diagnostics)
    {
        if (JsonValues.IsShownName(name))
        {
            return true;
        }

        diagnostics.Error(parent,
            $"{(parent.Length == 0 ? "The event" : parent)} has a parameter name longer than {InputLimits.Name} characters; names are " +
            "Meta's keys, a few characters long (the name is not repeated here).");
        return false;
    }

    private static void ReportUnknownParameter(string name, Diagnostics diagnostics, IReadOnlyCollection<string> callParameters)
    {
        string hint;
        if (UserDataKeys.IsKnown(name) || UserDataKeys.Aliases.ContainsKey(name))
        {
            hint = $" Customer information goes inside user_data: {{\"user_data\": {{\"{name}\": …}}}}.";
        }
        else if (CustomDataStandardKeys.Contains(name))
        {
            hint = $" Business data goes inside custom_data: {{\"custom_data\": {{\"{name}\": …}}}}.";
        }
        else if (name is "pixel_id" or "test_event_code")
        {
            hint = $" {name} is given once for the whole call, not per event.";
        }
        else
        {
            hint = string.Empty;
        }

        diagnostics.Error(name,
            $"Unknown parameter '{name}'.{hint} Accepted parameters: {string.Join(", ", [.. callParameters, .. EventParameters])}.");
    }

    private static string? ReadActionSource(JsonElement value, Diagnostics diagnostics)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            diagnostics.Error("action_source",
                $"action_source must be one of {string.Join(", ", ActionSources.Names)}, but got {JsonValues.Describe(value)}.");
            return null;
        }

        return JsonValues.Bounded(value, "action_source", InputLimits.Code, diagnostics);
    }

    private static List<UserDataValue>? ReadUserData(JsonElement value, Diagnostics diagnostics)
    {
        if (!JsonValues.RequireObject(value, "user_data", "customer information such as {\"em\": \"…\", \"ph\": \"…\"}", diagnostics))
        {
            return null;
        }

        var values = new List<UserDataValue>(16);
        foreach (var property in value.EnumerateObject())
        {
            var givenKey = KnownName(property, UserDataNames);
            if (!ShownName(givenKey, "user_data", diagnostics))
            {
                continue;
            }

            var path = PathOf("user_data", givenKey, UserDataPaths);
            string key;
            if (UserDataKeys.Aliases.TryGetValue(givenKey, out var canonical))
            {
                key = canonical;
                diagnostics.Warning(path, $"user_data.{givenKey} was read as Meta's key '{canonical}'; send '{canonical}' to avoid this warning.");
            }
            else if (UserDataKeys.IsKnown(givenKey))
            {
                key = givenKey;
            }
            else
            {
                diagnostics.Error(path,
                    $"user_data.{givenKey} is not a customer information key. Accepted keys: {string.Join(", ", UserDataKeys.All)} " +
                    $"(aliases: {string.Join(", ", UserDataKeys.Aliases.Keys)}).");
                continue;
            }

            var item = property.Value;
            if (JsonValues.IsAbsent(item))
            {
                continue;
            }

            if (UserDataKeys.IsHashed(key))
            {
                ReadHashedValues(key, item, path, values, diagnostics);
            }
            else
            {
                if (item.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    AddValue(key, item, path, values, diagnostics);
                }
                else
                {
                    diagnostics.Error(path, $"{path} must be a single string, but got {JsonValues.Describe(item)}.");
                }
            }
        }

        return values;
    }

    private static void ReadHashedValues(string key, JsonElement item, string path, List<UserDataValue> values, Diagnostics diagnostics)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                AddValue(key, item, path, values, diagnostics);
                return;
            case JsonValueKind.Array when item.GetArrayLength() > InputLimits.ValuesPerKey:
                diagnostics.Error(path, TooManyValues(path, item.GetArrayLength()));
                return;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in item.EnumerateArray())
                {
                    var itemPath = $"{path}[{index++}]";
                    switch (element.ValueKind)
                    {
                        case JsonValueKind.String:
                        case JsonValueKind.Number:
                            AddValue(key, element, itemPath, values, diagnostics);
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            diagnostics.Error(itemPath, $"{itemPath} must be a string, but got {JsonValues.Describe(element)}.");
                            break;
                    }
                }

                return;
            default:
                diagnostics.Error(path, $"{path} must be a string or an array of strings, but got {JsonValues.Describe(item)}.");
                return;
        }
    }

    /// <summary>Adds one raw value (a string, or a number as its text) when it is within <see cref="InputLimits.UserDataValue"/>.</summary>
    private static void AddValue(string key, JsonElement item, string path, List<UserDataValue> values, Diagnostics diagnostics)
    {
        if (JsonValues.Bounded(item, path, InputLimits.UserDataValue, diagnostics) is { } text)
        {
            values.Add(new UserDataValue(key, text, path));
        }
    }

    /// <summary>The error for more values of one key than <see cref="InputLimits.ValuesPerKey"/>.</summary>
    internal static string TooManyValues(string path, int count) =>
        $"{path} has {count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} values; at most {InputLimits.ValuesPerKey} " +
        "are accepted per key. Meta matches one person on a few identifiers: send one event per customer, not a customer list in one event.";

    private static CustomData? ReadCustomData(JsonElement value, Diagnostics diagnostics)
    {
        if (!JsonValues.RequireObject(value, "custom_data", "business data such as {\"value\": 49.99, \"currency\": \"USD\"}", diagnostics))
        {
            return null;
        }

        var data = default(CustomFields);
        Dictionary<string, JsonElement>? custom = null;
        foreach (var property in value.EnumerateObject())
        {
            var name = KnownName(property, CustomDataStandardKeys);
            if (!ShownName(name, "custom_data", diagnostics))
            {
                continue;
            }

            var item = property.Value;
            if (JsonValues.IsAbsent(item))
            {
                continue;
            }

            // Custom properties have no path of their own to report.
            var path = CustomDataPaths.TryGetValue(name, out var known) ? known : string.Empty;
            switch (name)
            {
                case "value":
                    data.Value = JsonValues.Number(item, path, "a number such as 49.99", diagnostics);
                    break;
                case "currency":
                    data.Currency = JsonValues.String(item, path, InputLimits.Code, diagnostics);
                    break;
                case "content_name":
                    data.ContentName = JsonValues.StringOrNumber(item, path, InputLimits.Text, diagnostics);
                    break;
                case "content_category":
                    data.ContentCategory = JsonValues.StringOrNumber(item, path, InputLimits.Text, diagnostics);
                    break;
                case "content_ids":
                    data.ContentIds = JsonValues.StringList(item, path, InputLimits.Identifier, diagnostics);
                    break;
                case "contents":
                    data.Contents = ReadContents(item, path, diagnostics);
                    break;
                case "content_type":
                    data.ContentType = JsonValues.String(item, path, InputLimits.Code, diagnostics);
                    break;
                case "order_id":
                    data.OrderId = JsonValues.StringOrNumber(item, path, InputLimits.Identifier, diagnostics);
                    break;
                case "num_items":
                    data.NumItems = JsonValues.Integer(item, path, "a whole number of items (0 or more)", diagnostics);
                    break;
                case "predicted_ltv":
                    data.PredictedLtv = JsonValues.Number(item, path, "a number", diagnostics);
                    break;
                case "net_revenue":
                    data.NetRevenue = JsonValues.Number(item, path, "a number", diagnostics);
                    break;
                case "search_string":
                    data.SearchString = JsonValues.StringOrNumber(item, path, InputLimits.Text, diagnostics);
                    break;
                case "status":
                    if (item.ValueKind == JsonValueKind.String && !JsonValues.TryBounded(item, InputLimits.Text, out _))
                    {
                        diagnostics.Error(path, JsonValues.TooLong(path, InputLimits.Text));
                    }
                    else if (item.ValueKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
                    {
                        data.Status = item.Clone();
                    }
                    else
                    {
                        diagnostics.Error(path, $"{path} must be a string or true/false, but got {JsonValues.Describe(item)}.");
                    }

                    break;
                case "delivery_category":
                    data.DeliveryCategory = JsonValues.String(item, path, InputLimits.Code, diagnostics);
                    break;
                default:
                    custom ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    custom[name] = item.Clone();
                    break;
            }
        }

        return data.ToCustomData(custom);
    }

    private static List<Content>? ReadContents(JsonElement value, string path, Diagnostics diagnostics)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            diagnostics.Error(path, $"{path} must be an array of objects such as {{\"id\": \"SKU-1\", \"quantity\": 1, \"item_price\": 9.99}}, but got {JsonValues.Describe(value)}.");
            return null;
        }

        var contents = new List<Content>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (!JsonValues.RequireObject(item, itemPath, "a product such as {\"id\": \"SKU-1\", \"quantity\": 1}", diagnostics))
            {
                continue;
            }

            var content = new Content();
            foreach (var property in item.EnumerateObject())
            {
                if (!ShownName(property.Name, itemPath, diagnostics))
                {
                    continue;
                }

                var propertyPath = itemPath + "." + property.Name;
                var field = property.Value;
                if (JsonValues.IsAbsent(field))
                {
                    continue;
                }

                content = property.Name switch
                {
                    "id" => content with { Id = JsonValues.StringOrNumber(field, propertyPath, InputLimits.Identifier, diagnostics) },
                    "quantity" => content with { Quantity = JsonValues.Integer(field, propertyPath, "a positive whole number", diagnostics) },
                    "item_price" => content with { ItemPrice = JsonValues.Number(field, propertyPath, "a number such as 9.99", diagnostics) },
                    "delivery_category" => content with { DeliveryCategory = JsonValues.String(field, propertyPath, InputLimits.Code, diagnostics) },
                    "title" => content with { Title = JsonValues.StringOrNumber(field, propertyPath, InputLimits.Text, diagnostics) },
                    "description" => content with { Description = JsonValues.StringOrNumber(field, propertyPath, InputLimits.Text, diagnostics) },
                    "brand" => content with { Brand = JsonValues.StringOrNumber(field, propertyPath, InputLimits.Text, diagnostics) },
                    "category" => content with { Category = JsonValues.StringOrNumber(field, propertyPath, InputLimits.Text, diagnostics) },
                    _ => UnknownKey(content, propertyPath, "a product", ContentKeys, diagnostics),
                };
            }

            contents.Add(content);
        }

        return contents;
    }

    private static AppData? ReadAppData(JsonElement value, Diagnostics diagnostics)
    {
        if (!JsonValues.RequireObject(value, "app_data", "app information with advertiser_tracking_enabled, application_tracking_enabled and extinfo", diagnostics))
        {
            return null;
        }

        var data = new AppData();
        foreach (var property in value.EnumerateObject())
        {
            if (!ShownName(property.Name, "app_data", diagnostics))
            {
                continue;
            }

            var path = "app_data." + property.Name;
            var item = property.Value;
            if (JsonValues.IsAbsent(item))
            {
                continue;
            }

            data = property.Name switch
            {
                "advertiser_tracking_enabled" => data with { AdvertiserTrackingEnabled = JsonValues.Flag(item, path, diagnostics) },
                "application_tracking_enabled" => data with { ApplicationTrackingEnabled = JsonValues.Flag(item, path, diagnostics) },
                "extinfo" => data with { Extinfo = ReadExtinfo(item, path, diagnostics) },
                "campaign_ids" => data with { CampaignIds = JsonValues.StringOrNumber(item, path, InputLimits.Text, diagnostics) },
                "install_referrer" => data with { InstallReferrer = JsonValues.String(item, path, InputLimits.Text, diagnostics) },
                "installer_package" => data with { InstallerPackage = JsonValues.String(item, path, InputLimits.Text, diagnostics) },
                "url_schemes" => data with { UrlSchemes = JsonValues.StringList(item, path, InputLimits.Text, diagnostics) },
                "vendor_id" => data with { VendorId = JsonValues.String(item, path, InputLimits.Identifier, diagnostics) },
                "windows_attribution_id" => data with { WindowsAttributionId = JsonValues.String(item, path, InputLimits.Identifier, diagnostics) },
                "anon_id" or "madid" => MovedKey(data, path, $"{property.Name} is customer information: send it as user_data.{property.Name}.", diagnostics),
                _ => UnknownKey(data, path, "app_data", AppDataKeys, diagnostics),
            };
        }

        return data;
    }

    private static List<string>? ReadExtinfo(JsonElement value, string path, Diagnostics diagnostics)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            diagnostics.Error(path, $"{path} must be an array of 16 strings (\"a2\" or \"i2\" first, empty strings as placeholders), but got {JsonValues.Describe(value)}.");
            return null;
        }

        return JsonValues.StringList(value, path, InputLimits.Text, diagnostics);
    }

    private static OriginalEventData? ReadOriginalEvent(JsonElement value, Diagnostics diagnostics)
    {
        if (!JsonValues.RequireObject(value, "original_event_data", "the earlier event: event_name, event_time, order_id, event_id", diagnostics))
        {
            return null;
        }

        var data = new OriginalEventData();
        foreach (var property in value.EnumerateObject())
        {
            if (!ShownName(property.Name, "original_event_data", diagnostics))
            {
                continue;
            }

            var path = "original_event_data." + property.Name;
            var item = property.Value;
            if (JsonValues.IsAbsent(item))
            {
                continue;
            }

            data = property.Name switch
            {
                "event_name" => data with { EventName = JsonValues.String(item, path, InputLimits.EventName, diagnostics) },
                "event_time" => data with { EventTime = JsonValues.Integer(item, path, "an integer Unix timestamp in seconds", diagnostics) },
                "order_id" => data with { OrderId = JsonValues.StringOrNumber(item, path, InputLimits.Identifier, diagnostics) },
                "event_id" => data with { EventId = JsonValues.StringOrNumber(item, path, InputLimits.Identifier, diagnostics) },
                _ => UnknownKey(data, path, "original_event_data", OriginalEventKeys, diagnostics),
            };
        }

        return data;
    }

    private static T UnknownKey<T>(T current, string path, string what, string[] accepted, Diagnostics diagnostics)
    {
        diagnostics.Error(path, $"{path} is not a key of {what}. Accepted keys: {string.Join(", ", accepted)}.");
        return current;
    }

    private static T MovedKey<T>(T current, string path, string message, Diagnostics diagnostics)
    {
        diagnostics.Error(path, message);
        return current;
    }

    /// <summary>The fields of one event while it is read: set in place, then made into one <see cref="EventInput"/>.</summary>
    private struct Fields
    {
        public string? EventName;
        public long? EventTime;
        public string? EventSourceUrl;
        public string? ActionSource;
        public string? EventId;
        public bool? OptOut;
        public string? ReferrerUrl;
        public List<UserDataValue>? UserData;
        public CustomData? CustomData;
        public List<string>? DataProcessingOptions;
        public long? DataProcessingOptionsCountry;
        public long? DataProcessingOptionsState;
        public AppData? AppData;
        public string? MessagingChannel;
        public OriginalEventData? OriginalEventData;

        public readonly EventInput ToInput() => new()
        {
            EventName = EventName,
            EventTime = EventTime,
            EventSourceUrl = EventSourceUrl,
            ActionSource = ActionSource,
            EventId = EventId,
            OptOut = OptOut,
            ReferrerUrl = ReferrerUrl,
            UserData = UserData,
            CustomData = CustomData,
            DataProcessingOptions = DataProcessingOptions,
            DataProcessingOptionsCountry = DataProcessingOptionsCountry,
            DataProcessingOptionsState = DataProcessingOptionsState,
            AppData = AppData,
            MessagingChannel = MessagingChannel,
            OriginalEventData = OriginalEventData,
        };
    }

    /// <summary>The fields of one <c>custom_data</c> while it is read.</summary>
    private struct CustomFields
    {
        public decimal? Value;
        public string? Currency;
        public string? ContentName;
        public string? ContentCategory;
        public List<string>? ContentIds;
        public List<Content>? Contents;
        public string? ContentType;
        public string? OrderId;
        public long? NumItems;
        public decimal? PredictedLtv;
        public decimal? NetRevenue;
        public string? SearchString;
        public JsonElement? Status;
        public string? DeliveryCategory;

        public readonly CustomData ToCustomData(Dictionary<string, JsonElement>? custom) => new()
        {
            Value = Value,
            Currency = Currency,
            ContentName = ContentName,
            ContentCategory = ContentCategory,
            ContentIds = ContentIds,
            Contents = Contents,
            ContentType = ContentType,
            OrderId = OrderId,
            NumItems = NumItems,
            PredictedLtv = PredictedLtv,
            NetRevenue = NetRevenue,
            SearchString = SearchString,
            Status = Status,
            DeliveryCategory = DeliveryCategory,
            CustomProperties = custom,
        };
    }
}
