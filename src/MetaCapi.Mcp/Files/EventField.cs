using System.Collections.Frozen;
using MetaCapi.Events;
using MetaCapi.Input;

namespace MetaCapi.Files;

/// <summary>How the text of a file cell becomes the JSON value the event reader expects.</summary>
internal enum FieldKind
{
    /// <summary>A string, as written (numbers in strings are accepted by the reader).</summary>
    Text,

    /// <summary>A date and time, read by <see cref="EventTimeParser"/> into Unix seconds.</summary>
    Time,

    /// <summary>true/false (also yes/no, 1/0, y/n).</summary>
    Flag,

    /// <summary>A list: a JSON array as written, or items separated by commas.</summary>
    List,

    /// <summary>JSON written in the cell (an array of objects such as <c>contents</c>).</summary>
    Json,
}

/// <summary>
/// One per-event field a column or a default can fill: a top-level parameter (<c>event_time</c>) or a key of one of the
/// event's objects (<c>user_data.em</c>, <c>custom_data.value</c>, <c>app_data.extinfo</c>,
/// <c>original_event_data.order_id</c>). The names are the event tools' own, so a file row becomes exactly the event a
/// tool call would carry.
/// </summary>
/// <param name="Path">The field's full name, e.g. <c>user_data.em</c>.</param>
/// <param name="Section">The object it belongs to (<c>user_data</c>, …), or empty for a top-level parameter.</param>
/// <param name="Key">The key inside the section, or the parameter name.</param>
/// <param name="Kind">How a cell's text is turned into a value.</param>
/// <param name="Multiple">Whether several columns may fill it (their values become an array).</param>
internal sealed record EventField(string Path, string Section, string Key, FieldKind Kind, bool Multiple)
{
    public bool IsUserData => Section == EventFields.UserData;
}

/// <summary>The catalogue of <see cref="EventField"/>s and the parser of field names given in <c>columns</c> and <c>defaults</c>.</summary>
internal static class EventFields
{
    public const string UserData = "user_data";
    public const string CustomData = "custom_data";
    public const string AppData = "app_data";
    public const string OriginalEventData = "original_event_data";

    /// <summary>The top-level parameters a column can fill (the event's objects are filled key by key).</summary>
    private static readonly FrozenDictionary<string, FieldKind> TopLevel = new Dictionary<string, FieldKind>(StringComparer.Ordinal)
    {
        ["event_name"] = FieldKind.Text,
        ["event_time"] = FieldKind.Time,
        ["event_source_url"] = FieldKind.Text,
        ["event_id"] = FieldKind.Text,
        ["action_source"] = FieldKind.Text,
        ["opt_out"] = FieldKind.Flag,
        ["referrer_url"] = FieldKind.Text,
        ["data_processing_options"] = FieldKind.List,
        ["data_processing_options_country"] = FieldKind.Text,
        ["data_processing_options_state"] = FieldKind.Text,
        ["messaging_channel"] = FieldKind.Text,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] Sections = [UserData, CustomData, AppData, OriginalEventData];

    /// <summary>Every field with a fixed name, in the order the tools document them (custom properties are open-ended).</summary>
    public static IReadOnlyList<EventField> Known { get; } = BuildKnown();

    /// <summary>
    /// Reads a field name as a caller writes it: a per-event path (<c>event_id</c>, <c>custom_data.value</c>,
    /// <c>user_data.em</c>), a bare <c>user_data</c> key (<c>em</c>) or one of its aliases (<c>email</c>).
    /// </summary>
    /// <returns>The field, or <see langword="null"/> with <paramref name="error"/> saying what is accepted.</returns>
    public static EventField? Parse(string name, out string? error)
    {
        error = null;
        var trimmed = name.Trim();
        if (TopLevel.ContainsKey(trimmed))
        {
            return Create(string.Empty, trimmed);
        }

        if (UserDataKey(trimmed) is { } bare)
        {
            return Create(UserData, bare);
        }

        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && dot < trimmed.Length - 1)
        {
            var section = trimmed[..dot];
            var key = trimmed[(dot + 1)..];
            switch (section)
            {
                case UserData when UserDataKey(key) is { } userKey:
                    return Create(UserData, userKey);
                case CustomData when !key.Contains('.', StringComparison.Ordinal):
                    return Create(CustomData, key);
                case AppData when Array.IndexOf(EventInputReader.AppDataKeys, key) >= 0:
                    return Create(AppData, key);
                case OriginalEventData when Array.IndexOf(EventInputReader.OriginalEventKeys, key) >= 0:
                    return Create(OriginalEventData, key);
            }
        }

        error = trimmed switch
        {
            "pixel_id" or "test_event_code" => $"{trimmed} is given once for the whole upload (the {trimmed} parameter), not per row.",
            UserData or CustomData or AppData or OriginalEventData =>
                $"'{trimmed}' is an object; name one of its keys instead, e.g. {trimmed}.{FirstKey(trimmed)}.",
            _ => $"'{Shown(trimmed)}' is not an event field. Accepted: {string.Join(", ", TopLevel.Keys.Order(StringComparer.Ordinal))}; " +
                 $"user_data.<key> or a bare key ({string.Join(", ", UserDataKeys.All)}); custom_data.<key> " +
                 $"({string.Join(", ", EventInputReader.CustomDataStandardKeys)}, or any custom property); " +
                 $"app_data.<key>; original_event_data.<key>.",
        };
        return null;
    }

    /// <summary>A canonical user_data key for <paramref name="key"/> (Meta's key or an alias), or null.</summary>
    private static string? UserDataKey(string key) =>
        UserDataKeys.IsKnown(key) ? key : UserDataKeys.Aliases.GetValueOrDefault(key);

    private static EventField Create(string section, string key)
    {
        var path = section.Length == 0 ? key : section + "." + key;
        var kind = section switch
        {
            "" => TopLevel[key],
            UserData => FieldKind.Text,
            CustomData => key switch
            {
                "content_ids" => FieldKind.List,
                "contents" => FieldKind.Json,
                _ => FieldKind.Text,
            },
            AppData => key switch
            {
                "advertiser_tracking_enabled" or "application_tracking_enabled" => FieldKind.Flag,
                "extinfo" or "url_schemes" => FieldKind.List,
                _ => FieldKind.Text,
            },
            _ => key == "event_time" ? FieldKind.Time : FieldKind.Text,
        };
        var multiple = (section == UserData && UserDataKeys.IsHashed(key)) || path == "custom_data.content_ids";
        return new EventField(path, section, key, kind, multiple);
    }

    private static List<EventField> BuildKnown()
    {
        var fields = new List<EventField>();
        foreach (var name in EventInputReader.EventParameters)
        {
            if (TopLevel.ContainsKey(name))
            {
                fields.Add(Create(string.Empty, name));
            }
            else if (Array.IndexOf(Sections, name) >= 0)
            {
                foreach (var key in KeysOf(name))
                {
                    fields.Add(Create(name, key));
                }
            }
        }

        return fields;
    }

    private static IEnumerable<string> KeysOf(string section) => section switch
    {
        UserData => UserDataKeys.All,
        CustomData => EventInputReader.CustomDataStandardKeys,
        AppData => EventInputReader.AppDataKeys,
        _ => EventInputReader.OriginalEventKeys,
    };

    private static string FirstKey(string section) => KeysOf(section).First();

    /// <summary>A field name as typed, cut short: it names a field, never customer data, but may be long.</summary>
    private static string Shown(string name) => name.Length <= 60 ? name : name[..57] + "…";
}
