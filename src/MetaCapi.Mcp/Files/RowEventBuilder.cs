using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MetaCapi.Input;
using MetaCapi.Validation;

namespace MetaCapi.Files;

/// <summary>
/// Turns one file row into the JSON object a tool call would carry for the same event (<c>event_name</c>, <c>event_time</c>,
/// <c>user_data: {…}</c>, <c>custom_data: {…}</c>, …), then reads it with <see cref="EventInputReader"/>: so a row is
/// read, validated, normalized and hashed by exactly the code of <c>meta_send_conversion_event</c>. What only a file
/// needs happens here: a cell's text becomes the value its field takes (dates and times, yes/no, lists), several
/// columns of one customer key become an array, defaults fill what a row lacks, and a row without <c>event_id</c>
/// gets its generated one. One builder per thread (it reuses its buffers).
/// </summary>
internal sealed class RowEventBuilder : IDisposable
{
    private static readonly string[] Sections =
        [EventFields.UserData, EventFields.CustomData, EventFields.AppData, EventFields.OriginalEventData];

    private static readonly EventField EventIdField = EventFields.Parse("event_id", out _)!;

    private readonly UploadMapping _mapping;
    private readonly EventTimeParser _times;
    private readonly IReadOnlyList<string> _header;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly List<Entry> _entries = new(32);

    public RowEventBuilder(UploadMapping mapping, EventTimeParser times, IReadOnlyList<string> header)
    {
        _mapping = mapping;
        _times = times;
        _header = header;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// Reads <paramref name="row"/> into an <see cref="EventInput"/>; its problems go to <paramref name="diagnostics"/>
    /// (null when the row is not an event object at all). Until the next row, <see cref="ColumnOf"/> names the column (or
    /// JSON key) that gave the value at a path.
    /// </summary>
    public EventInput? Read(RawRow row, Diagnostics diagnostics)
    {
        _entries.Clear();
        JsonDocument? document = null;
        try
        {
            if (row.Cells is { } cells)
            {
                CollectCells(cells);
            }
            else if (row.Json is { } json)
            {
                document = ParseRow(json, diagnostics);
                if (document is null)
                {
                    return null;
                }

                CollectJson(document.RootElement);
            }

            AddDefaults();
            if (!HasValue("event_id") && row.GeneratedEventId is { } generated)
            {
                _entries.Add(new Entry(EventIdField, string.Empty, "event_id", generated, default, null));
            }

            Write(diagnostics);
            using var built = JsonDocument.Parse(_buffer.WrittenMemory);
            return EventInputReader.Read(built.RootElement, diagnostics);
        }
        finally
        {
            document?.Dispose();
        }
    }

    private static JsonDocument? ParseRow(byte[] json, Diagnostics diagnostics)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            diagnostics.Error(string.Empty, "The row is not a JSON object: each line (JSON Lines) or item (JSON array) must be one event object.");
        }
        catch (JsonException exception)
        {
            diagnostics.Error(string.Empty,
                $"The row is not valid JSON (at byte {exception.BytePositionInLine?.ToString(CultureInfo.InvariantCulture) ?? "?"} of it): each line (JSON Lines) or item (JSON array) must be one event object.");
        }

        return null;
    }

    private void CollectCells(string[] cells)
    {
        var columns = _mapping.Columns;
        for (var i = 0; i < columns.Length && i < cells.Length; i++)
        {
            if (columns[i] is { } field && !cells[i].AsSpan().IsWhiteSpace())
            {
                _entries.Add(new Entry(field, field.Section, field.Key, cells[i], default, _header[i]));
            }
        }
    }

    private void CollectJson(JsonElement row)
    {
        foreach (var property in row.EnumerateObject())
        {
            var (field, how) = _mapping.ResolveKey(property.Name);
            if (how == MappingSource.Ignored || property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            if (field is not null)
            {
                _entries.Add(new Entry(field, field.Section, field.Key, null, property.Value, property.Name));
            }
            else if (how == MappingSource.Auto && Array.IndexOf(Sections, property.Name) >= 0 && property.Value.ValueKind == JsonValueKind.Object)
            {
                // One of the event's objects: its keys are passed on as given (the reader accepts the aliases and
                // refuses unknown keys exactly as for a tool call); only file-specific values are converted.
                foreach (var inner in property.Value.EnumerateObject())
                {
                    var innerField = EventFields.Parse(property.Name + "." + inner.Name, out _);
                    _entries.Add(new Entry(innerField, property.Name, inner.Name, null, inner.Value, property.Name + "." + inner.Name));
                }
            }
            else if (how == MappingSource.Auto && Array.IndexOf(Sections, property.Name) >= 0)
            {
                // Not an object: written as given, so the reader reports it as for a tool call.
                _entries.Add(new Entry(null, string.Empty, property.Name, null, property.Value, property.Name));
            }
        }
    }

    private void AddDefaults()
    {
        foreach (var (field, value) in _mapping.Defaults)
        {
            if (!HasValue(field.Path))
            {
                _entries.Add(value.ValueKind == JsonValueKind.String
                    ? new Entry(field, field.Section, field.Key, value.GetString(), default, null)
                    : new Entry(field, field.Section, field.Key, null, value, null));
            }
        }
    }

    private bool HasValue(string path)
    {
        foreach (var entry in _entries)
        {
            if (entry.Path == path || (entry.Field?.Path == path))
            {
                return true;
            }
        }

        return false;
    }

    private void Write(Diagnostics diagnostics)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        WriteSection(string.Empty, diagnostics);
        foreach (var section in Sections)
        {
            if (HasSection(section))
            {
                _writer.WritePropertyName(section);
                _writer.WriteStartObject();
                WriteSection(section, diagnostics);
                _writer.WriteEndObject();
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
    }

    /// <summary>The entries of one section, each key once: several values of a key that takes several become an array.</summary>
    private void WriteSection(string section, Diagnostics diagnostics)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Section != section || IndexOfKey(section, entry.Key) != i)
            {
                continue;
            }

            var more = false;
            for (var j = i + 1; j < _entries.Count && !more; j++)
            {
                more = _entries[j].Section == section && _entries[j].Key == entry.Key;
            }

            _writer.WritePropertyName(entry.Key);
            if (!more || entry.Field is not { Multiple: true })
            {
                WriteValue(entry, diagnostics);
                continue;
            }

            _writer.WriteStartArray();
            for (var j = i; j < _entries.Count; j++)
            {
                var item = _entries[j];
                if (item.Section != section || item.Key != entry.Key)
                {
                    continue;
                }

                if (item.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in item.Value.EnumerateArray())
                    {
                        element.WriteTo(_writer);
                    }
                }
                else
                {
                    WriteValue(item, diagnostics);
                }
            }

            _writer.WriteEndArray();
        }
    }

    private bool HasSection(string section)
    {
        foreach (var entry in _entries)
        {
            if (entry.Section == section)
            {
                return true;
            }
        }

        return false;
    }

    private int IndexOfKey(string section, string key)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Section == section && _entries[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void WriteValue(Entry entry, Diagnostics diagnostics)
    {
        var text = entry.Text ?? (entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null);
        if (entry.Field is not { } field || (text is null && field.Kind != FieldKind.Time))
        {
            entry.Value.WriteTo(_writer);
            return;
        }

        switch (field.Kind)
        {
            case FieldKind.Time:
                WriteTime(entry, text, field, diagnostics);
                break;
            case FieldKind.Flag:
                WriteFlag(text!);
                break;
            case FieldKind.List:
                WriteList(text!);
                break;
            case FieldKind.Json:
                WriteJson(text!);
                break;
            default:
                _writer.WriteStringValue(text);
                break;
        }
    }

    private void WriteTime(Entry entry, string? text, EventField field, Diagnostics diagnostics)
    {
        if (text is null && entry.Value.ValueKind == JsonValueKind.Number)
        {
            text = entry.Value.GetRawText();
        }

        if (text is null)
        {
            entry.Value.WriteTo(_writer);
            return;
        }

        switch (_times.TryParse(text, out var seconds))
        {
            case EventTimeParser.Outcome.Read:
                _writer.WriteNumberValue(seconds);
                break;
            case EventTimeParser.Outcome.ReadMonthFirst:
                _writer.WriteNumberValue(seconds);
                diagnostics.Warning(field.Path, EventTimeParser.MonthFirstWarning);
                break;
            case EventTimeParser.Outcome.SkippedByClockChange:
                diagnostics.Error(field.Path,
                    $"{field.Path}: the local time does not exist in the upload's time zone (the clocks skipped it when daylight-saving time began); " +
                    "check the row, or give the time with its offset (2025-03-30T02:30:00+01:00).");
                _writer.WriteNullValue();
                break;
            default:
                diagnostics.Error(field.Path, $"{field.Path}: the value is not a date and time this reader knows. Accepted: {EventTimeParser.Accepted}.");
                _writer.WriteNullValue();
                break;
        }
    }

    private void WriteFlag(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1":
                _writer.WriteBooleanValue(true);
                break;
            case "false" or "no" or "n" or "0":
                _writer.WriteBooleanValue(false);
                break;
            default:
                _writer.WriteStringValue(text);
                break;
        }
    }

    private void WriteList(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.StartsWith('[') && IsJson(trimmed))
        {
            _writer.WriteRawValue(trimmed, skipInputValidation: true);
            return;
        }

        _writer.WriteStartArray();
        foreach (var range in trimmed.Split(','))
        {
            var item = trimmed[range].Trim();
            if (!item.IsEmpty)
            {
                _writer.WriteStringValue(item);
            }
        }

        _writer.WriteEndArray();
    }

    private void WriteJson(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if ((trimmed.StartsWith('[') || trimmed.StartsWith('{')) && IsJson(trimmed))
        {
            _writer.WriteRawValue(trimmed, skipInputValidation: true);
        }
        else
        {
            _writer.WriteStringValue(text);
        }
    }

    private static bool IsJson(ReadOnlySpan<char> text)
    {
        try
        {
            using var document = JsonDocument.Parse(text.ToString());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The column (header or JSON key) of the last row read that gave the value at <paramref name="path"/> (<c>user_data.em[1]</c> → the second email column).</summary>
    public string? ColumnOf(string path)
    {
        var entries = _entries;
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        var field = bracket < 0 ? path : path[..bracket];
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && Array.IndexOf(Sections, field[..dot]) < 0)
        {
            field = field[..dot];
        }
        else if (dot >= 0 && field.IndexOf('.', dot + 1) is var second and > 0)
        {
            field = field[..second];
        }

        var index = 0;
        if (bracket >= 0 && path.Length > field.Length && path[field.Length] == '[')
        {
            var close = path.IndexOf(']', field.Length);
            _ = close > 0 && int.TryParse(path.AsSpan(field.Length + 1, close - field.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }

        var seen = 0;
        foreach (var entry in entries)
        {
            if (entry.Path == field && seen++ == index)
            {
                return entry.Source;
            }
        }

        return null;
    }

    /// <summary>One value of a row: the field it fills (null for a key passed on as given), its text or JSON, and its column.</summary>
    private readonly record struct Entry(EventField? Field, string Section, string Key, string? Text, JsonElement Value, string? Source)
    {
        public string Path => Section.Length == 0 ? Key : Section + "." + Key;
    }
}
