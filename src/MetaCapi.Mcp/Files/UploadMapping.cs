using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MetaCapi.Input;
using MetaCapi.Validation;

namespace MetaCapi.Files;

/// <summary>
/// Which event field each column (or JSON key) fills, and the defaults for every row: the explicit <c>columns</c> first,
/// then the header matched by <see cref="HeaderSynonyms"/>. Problems are reported at <c>columns.&lt;header&gt;</c>,
/// <c>defaults.&lt;field&gt;</c> or <c>columns</c> (a required field no column gives), before any row is read.
/// </summary>
internal sealed class UploadMapping
{
    /// <summary>How many JSON keys the mapping remembers (a file whose every row has new keys cannot grow it without bound).</summary>
    private const int MaxRememberedKeys = 1024;

    private readonly IReadOnlyDictionary<string, string?> _explicit;
    private readonly ConcurrentDictionary<string, (EventField? Field, MappingSource How)> _keys = new(StringComparer.Ordinal);

    private UploadMapping(
        IReadOnlyDictionary<string, string?> explicitColumns,
        EventField?[] columns,
        IReadOnlyList<(EventField Field, JsonElement Value)> defaults,
        IReadOnlyList<ColumnMapping> report,
        bool json)
    {
        _explicit = explicitColumns;
        Columns = columns;
        Defaults = defaults;
        Report = report;
        IsJson = json;
    }

    /// <summary>CSV: the field of each column, by index; null for a column not used.</summary>
    public EventField?[] Columns { get; }

    /// <summary>The defaults, each with the field it fills.</summary>
    public IReadOnlyList<(EventField Field, JsonElement Value)> Defaults { get; }

    /// <summary>The mapping as the result shows it: each column (or JSON key seen), then each default.</summary>
    public IReadOnlyList<ColumnMapping> Report { get; }

    public bool IsJson { get; }

    /// <summary>Whether a column gives event_id (CSV), so rows need no generated one unless the cell is empty.</summary>
    public int EventIdColumn => Array.FindIndex(Columns, static f => f?.Path == "event_id");

    /// <summary>A stable text of the mapping, for the upload's identity in the journal.</summary>
    public string Canonical()
    {
        var text = new StringBuilder();
        if (IsJson)
        {
            foreach (var (key, field) in _explicit.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                text.Append(key).Append('=').Append(field ?? "-").Append('\n');
            }
        }
        else
        {
            foreach (var entry in Report)
            {
                if (entry.How != MappingSource.Default)
                {
                    text.Append(entry.Column).Append('=').Append(entry.Field ?? "-").Append('\n');
                }
            }
        }

        foreach (var (field, value) in Defaults.OrderBy(static d => d.Field.Path, StringComparer.Ordinal))
        {
            text.Append("default ").Append(field.Path).Append('=').Append(value.GetRawText()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>JSON: what a key of an event object stands for (a top-level key; an object's keys are passed on as given).</summary>
    public (EventField? Field, MappingSource How) ResolveKey(string key)
    {
        if (_keys.TryGetValue(key, out var known))
        {
            return known;
        }

        var resolved = Resolve(key);
        if (_keys.Count < MaxRememberedKeys)
        {
            _keys.TryAdd(key, resolved);
        }

        return resolved;
    }

    private (EventField? Field, MappingSource How) Resolve(string key)
    {
        if (_explicit.TryGetValue(key, out var named))
        {
            return named is null ? (null, MappingSource.Ignored) : (EventFields.Parse(named, out _), MappingSource.Explicit);
        }

        if (EventInputReader.EventParameters.Contains(key))
        {
            // An event parameter: a field, or one of the event's objects (user_data, …) read key by key.
            return (EventFields.Parse(key, out _), MappingSource.Auto);
        }

        return (HeaderSynonyms.Match(key), MappingSource.Auto);
    }

    /// <summary>The mapping of a CSV file with <paramref name="header"/>; it cannot be used when <paramref name="diagnostics"/> got an error.</summary>
    public static UploadMapping ForCsv(IReadOnlyList<string> header, ConversionFileRequest request, Diagnostics diagnostics)
    {
        var explicitFields = ReadExplicit(request, diagnostics);
        var defaults = ReadDefaults(request, diagnostics);
        var columns = new EventField?[header.Count];
        var how = new MappingSource[header.Count];
        var claimed = new Dictionary<string, int>(StringComparer.Ordinal);

        // Explicit names first: an exact header, else the header written another way (case, spaces, punctuation).
        foreach (var (name, field) in explicitFields)
        {
            var column = FindColumn(header, name);
            if (column < 0)
            {
                diagnostics.Error("columns." + name,
                    $"columns names '{name}', but the file has no such column. Its columns: {string.Join(", ", header.Select(static h => $"'{h}'"))}.");
                continue;
            }

            if (how[column] == MappingSource.Explicit || (how[column] == MappingSource.Ignored))
            {
                diagnostics.Error("columns." + name, $"columns names the column '{header[column]}' twice.");
                continue;
            }

            if (field is null)
            {
                how[column] = MappingSource.Ignored;
                continue;
            }

            if (!field.Multiple && claimed.TryGetValue(field.Path, out var other))
            {
                diagnostics.Error("columns." + name, $"columns maps both '{header[other]}' and '{header[column]}' to {field.Path}, which takes one value; map one of them.");
                continue;
            }

            columns[column] = field;
            how[column] = MappingSource.Explicit;
            claimed.TryAdd(field.Path, column);
        }

        for (var column = 0; column < header.Count; column++)
        {
            if (how[column] is MappingSource.Explicit or MappingSource.Ignored)
            {
                continue;
            }

            var field = HeaderSynonyms.Match(header[column]);
            if (field is null)
            {
                continue;
            }

            if (!field.Multiple && claimed.TryGetValue(field.Path, out var other))
            {
                diagnostics.Warning("columns",
                    $"The columns '{header[other]}' and '{header[column]}' both look like {field.Path}; '{header[other]}' is used. " +
                    $"To use the other, map it: columns: {{\"{header[column]}\": \"{field.Path}\", \"{header[other]}\": null}}.");
                continue;
            }

            columns[column] = field;
            claimed.TryAdd(field.Path, column);
        }

        var report = new List<ColumnMapping>(header.Count + defaults.Count);
        for (var column = 0; column < header.Count; column++)
        {
            report.Add(new ColumnMapping(header[column], columns[column]?.Path, how[column]));
        }

        AddDefaults(report, defaults);
        if (!diagnostics.HasErrors)
        {
            RequireFields(header, columns, defaults, diagnostics);
        }

        // Returned even with errors: the result shows the mapping so the caller can fix it.
        return new UploadMapping(request.Columns, columns, defaults, report, json: false);
    }

    /// <summary>The mapping of a JSON file; <paramref name="keysSeen"/> are the top-level keys of its first rows, for the report.</summary>
    public static UploadMapping? ForJson(IReadOnlyList<string> keysSeen, ConversionFileRequest request, Diagnostics diagnostics)
    {
        _ = ReadExplicit(request, diagnostics);
        var defaults = ReadDefaults(request, diagnostics);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        var mapping = new UploadMapping(request.Columns, [], defaults, [], json: true);
        var report = new List<ColumnMapping>(keysSeen.Count + defaults.Count);
        foreach (var key in keysSeen)
        {
            var (field, how) = mapping.ResolveKey(key);
            var shown = field?.Path ?? (how != MappingSource.Ignored && EventInputReader.EventParameters.Contains(key) ? key : null);
            report.Add(new ColumnMapping(key, shown, how));
        }

        foreach (var name in request.Columns.Keys)
        {
            if (!keysSeen.Contains(name))
            {
                diagnostics.Warning("columns." + name, $"columns names '{name}', but no event object among the first rows has that key.");
            }
        }

        AddDefaults(report, defaults);
        return new UploadMapping(request.Columns, [], defaults, report, json: true);
    }

    private static List<(string Name, EventField? Field)> ReadExplicit(ConversionFileRequest request, Diagnostics diagnostics)
    {
        var fields = new List<(string, EventField?)>(request.Columns.Count);
        foreach (var (name, fieldName) in request.Columns)
        {
            if (fieldName is null)
            {
                fields.Add((name, null));
                continue;
            }

            var field = EventFields.Parse(fieldName, out var error);
            if (field is null)
            {
                diagnostics.Error("columns." + name, $"columns.{name}: {error}");
                continue;
            }

            fields.Add((name, field));
        }

        return fields;
    }

    private static List<(EventField Field, JsonElement Value)> ReadDefaults(ConversionFileRequest request, Diagnostics diagnostics)
    {
        var defaults = new List<(EventField, JsonElement)>(request.Defaults.Count);
        foreach (var (name, value) in request.Defaults)
        {
            var field = EventFields.Parse(name, out var error);
            if (field is null)
            {
                diagnostics.Error("defaults." + name, $"defaults.{name}: {error}");
                continue;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            if (field.Path == "event_id")
            {
                diagnostics.Error("defaults." + name, "defaults cannot give event_id: every row needs its own (a row without one gets an ID derived from its content).");
                continue;
            }

            if (defaults.Exists(d => d.Item1.Path == field.Path))
            {
                diagnostics.Error("defaults." + name, $"defaults gives {field.Path} twice.");
                continue;
            }

            defaults.Add((field, value));
        }

        return defaults;
    }

    private static void AddDefaults(List<ColumnMapping> report, List<(EventField Field, JsonElement Value)> defaults)
    {
        foreach (var (field, _) in defaults)
        {
            report.Add(new ColumnMapping(null, field.Path, MappingSource.Default));
        }
    }

    private static int FindColumn(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }

        var normalized = HeaderSynonyms.Normalize(name);
        for (var i = 0; i < header.Count; i++)
        {
            if (normalized.Length > 0 && HeaderSynonyms.Normalize(header[i]) == normalized)
            {
                return i;
            }
        }

        return -1;
    }

    private static void RequireFields(
        IReadOnlyList<string> header, EventField?[] columns, List<(EventField Field, JsonElement Value)> defaults, Diagnostics diagnostics)
    {
        bool Given(Func<EventField, bool> predicate) =>
            Array.Exists(columns, f => f is not null && predicate(f)) || defaults.Exists(d => predicate(d.Field));

        var example = header.Count > 0 ? header[0] : "Header";
        if (!Given(static f => f.Path == "event_name"))
        {
            diagnostics.Error("columns",
                "No column gives event_name and no default does: add defaults: {\"event_name\": \"Purchase\"} (or Lead, …), or map the column " +
                $"that holds it: columns: {{\"{example}\": \"event_name\"}}.");
        }

        if (!Given(static f => f.Path == "event_time"))
        {
            diagnostics.Error("columns",
                $"No column gives event_time (when each conversion happened): map the column that holds the date and time, e.g. columns: {{\"{example}\": \"event_time\"}}.");
        }

        if (!Given(static f => f.Path == "action_source"))
        {
            diagnostics.Error("columns",
                "No column gives action_source and no default does: add defaults: {\"action_source\": \"physical_store\"} for store sales " +
                "(events up to 62 days old), or phone_call, system_generated, website, email, chat, app, business_messaging, other.");
        }

        if (!Given(static f => f.IsUserData))
        {
            diagnostics.Error("columns",
                $"No column is customer information (email, phone, name, address, customer ID, …): map at least one, e.g. columns: {{\"{example}\": \"em\"}}.");
        }
    }
}
