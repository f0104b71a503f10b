using System.Text.Json;

namespace MetaCapi.Files;

/// <summary>How a conversion file is written.</summary>
internal enum ConversionFileFormat
{
    /// <summary>By extension (<c>.csv</c> <c>.tsv</c> <c>.txt</c> <c>.jsonl</c> <c>.ndjson</c> <c>.json</c>, <c>.gz</c> after any), else sniffed.</summary>
    Auto,

    /// <summary>Comma-, semicolon-, tab- or pipe-separated values with a header row (RFC 4180 quoting).</summary>
    Csv,

    /// <summary>One event object per line, with the fields of <c>meta_send_conversion_event</c>.</summary>
    JsonLines,

    /// <summary>A JSON array of such event objects.</summary>
    Json,
}

/// <summary>
/// One upload of a conversion file: which file, for which pixel, and how its rows become events. Every row goes
/// through the same pipeline as a single event sent by a tool (<see cref="Input.EventInputReader"/>,
/// <see cref="EventPreparer"/>); see <c>docs/architecture.md</c> (the Files room).
/// </summary>
internal sealed record ConversionFileRequest
{
    /// <summary>The file: absolute, or relative to the first allowed folder; it must resolve inside an allowed folder.</summary>
    public required string Path { get; init; }

    /// <summary>The Meta Pixel (dataset) ID: required to send, optional to preview.</summary>
    public string? PixelId { get; init; }

    /// <summary>How the file is written; <see cref="ConversionFileFormat.Auto"/> by default.</summary>
    public ConversionFileFormat Format { get; init; } = ConversionFileFormat.Auto;

    /// <summary>
    /// Header (or JSON key) → event field (<c>event_id</c>, <c>custom_data.value</c>, <c>user_data.em</c> or a bare
    /// user_data key such as <c>em</c>); <see langword="null"/> ignores the column. Overrides the automatic matching.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Columns { get; init; } = new Dictionary<string, string?>();

    /// <summary>Event field → value for every row that has none (<c>event_name</c>, <c>action_source</c>, <c>custom_data.currency</c>, …).</summary>
    public IReadOnlyDictionary<string, JsonElement> Defaults { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>IANA time zone for times written without an offset; UTC by default.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Routes the events to Events Manager → Test Events.</summary>
    public string? TestEventCode { get; init; }

    /// <summary>Send again an upload the journal says is finished.</summary>
    public bool Force { get; init; }

    /// <summary>Where to write the rejected rows with a <c>reason</c> column (inside an allowed folder); none by default.</summary>
    public string? RejectedRowsPath { get; init; }
}
