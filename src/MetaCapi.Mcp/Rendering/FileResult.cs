using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// The result of the file tools and of <c>metacapi-mcp upload --json</c>: the event tools' object (status, pixel,
/// Meta's counts and trace IDs, warnings, errors, Meta's error) plus the upload, the mapping, the row errors and, for a
/// preview, the first event as it would be sent and the match-key coverage. See docs/architecture.md (the Files room).
/// </summary>
public sealed record FileResult
{
    /// <summary>Status values.</summary>
    public static class Statuses
    {
        /// <summary>Every valid row acknowledged by Meta (now or by an earlier run), none rejected.</summary>
        public const string Sent = "sent";

        /// <summary>Some rows sent; others rejected, failed or not reached.</summary>
        public const string Partial = "partial";

        /// <summary>Nothing started (a bad parameter, path or mapping, or not one valid row).</summary>
        public const string Rejected = "rejected";

        /// <summary>Nothing acknowledged: Meta or the network refused.</summary>
        public const string Failed = "failed";

        /// <summary>A dry run.</summary>
        public const string Preview = "preview";
    }

    /// <summary>preview, sent, partial, rejected or failed.</summary>
    [JsonPropertyName("status")]
    [Description("preview: dry run, nothing sent. sent: every valid row acknowledged by Meta (now or by an earlier run), none rejected. partial: some rows sent; others rejected (row_errors), failed (errors, meta_error) or not reached (cancelled). rejected: nothing was sent (a bad parameter, path or mapping, or not one valid row; see errors). failed: nothing was acknowledged (Meta or the network refused; see meta_error).")]
    public required string Status { get; init; }

    /// <summary>The pixel.</summary>
    [JsonPropertyName("pixel_id")]
    [Description("The Meta Pixel (dataset) ID the rows were for.")]
    public string? PixelId { get; init; }

    /// <summary>Always null for a file (rows have their own names).</summary>
    [JsonPropertyName("event_name")]
    [Description("Single-event tools only; null for a file (see sample_payload and the mapping).")]
    public string? EventName { get; init; }

    /// <summary>Always null for a file (rows have their own IDs).</summary>
    [JsonPropertyName("event_id")]
    [Description("Single-event tools only; null for a file (every row has its own event_id).")]
    public string? EventId { get; init; }

    /// <summary>The test code.</summary>
    [JsonPropertyName("test_event_code")]
    [Description("When set, the events went (or would go) to Events Manager → Test Events with this code.")]
    public string? TestEventCode { get; init; }

    /// <summary>Meta's count, summed.</summary>
    [JsonPropertyName("events_received")]
    [Description("The sum of Meta's own events_received over this call's acknowledged requests; null when Meta reported none.")]
    public int? EventsReceived { get; init; }

    /// <summary>Meta's messages.</summary>
    [JsonPropertyName("messages")]
    [Description("Meta's own messages, each once (the first 20).")]
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>The first trace ID.</summary>
    [JsonPropertyName("fbtrace_id")]
    [Description("Meta's trace ID of the first request of this call (all of them are in fbtrace_ids).")]
    public string? FbtraceId { get; init; }

    /// <summary>HTTP attempts.</summary>
    [JsonPropertyName("attempts")]
    [Description("HTTP attempts made by this call, retries included; 0 when nothing was sent.")]
    public int Attempts { get; init; }

    /// <summary>Keys carried by some valid row.</summary>
    [JsonPropertyName("match_keys")]
    [Description("The user_data keys carried by at least one valid row (never values).")]
    public IReadOnlyList<string> MatchKeys { get; init; } = [];

    /// <summary>Warnings by kind.</summary>
    [JsonPropertyName("warnings")]
    [Description("Warnings by kind with how many rows had each (values dropped or rewritten, stale events, test mode, …); those rows were still sent.")]
    public IReadOnlyList<CountedIssue> Warnings { get; init; } = [];

    /// <summary>Why the call was rejected, or what failed.</summary>
    [JsonPropertyName("errors")]
    [Description("Why nothing started (a parameter path such as path, columns.Email, defaults.event_name, time_zone), or which requests failed for good (path requests[N], with the lines of the rows they held).")]
    public IReadOnlyList<ResultIssue> Errors { get; init; } = [];

    /// <summary>Meta's error of the first failed request.</summary>
    [JsonPropertyName("meta_error")]
    [Description("Meta's error object of the first request that failed, with a plain-language hint.")]
    public MetaErrorResult? MetaError { get; init; }

    /// <summary>The upload.</summary>
    [JsonPropertyName("upload")]
    [Description("The upload: its journal ID, the file, the format, the row counts and the requests of this call.")]
    public UploadResult? Upload { get; init; }

    /// <summary>The mapping used.</summary>
    [JsonPropertyName("mapping")]
    [Description("The mapping used, column by column (unmapped columns have field null), then the defaults. Show it to the user before sending.")]
    public IReadOnlyList<MappingResult> Mapping { get; init; } = [];

    /// <summary>The first 50 row problems.</summary>
    [JsonPropertyName("row_errors")]
    [Description("The first 50 problems of rejected rows: the line, the column, the field and what is accepted (never the value). Rejected rows are never sent.")]
    public IReadOnlyList<RowErrorResult> RowErrors { get; init; } = [];

    /// <summary>Meta's trace IDs.</summary>
    [JsonPropertyName("fbtrace_ids")]
    [Description("Meta's trace ID of each request of this call (the first 100), for Meta support.")]
    public IReadOnlyList<string> FbtraceIds { get; init; } = [];

    /// <summary>Preview only: the first valid row's event.</summary>
    [JsonPropertyName("sample_payload")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Preview only: the first valid row's event exactly as it would be sent (customer data hashed).")]
    public JsonElement? SamplePayload { get; init; }

    /// <summary>Preview only: match quality over the valid rows.</summary>
    [JsonPropertyName("match_quality")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Preview only: how many valid rows carry each identifier, which strong ones are missing (most valuable first), a rating and a verdict.")]
    public FileMatchQualityResult? MatchQuality { get; init; }
}

/// <summary>A warning and how many rows had it.</summary>
/// <param name="Path">The field concerned.</param>
/// <param name="Message">What was dropped, rewritten or is worth knowing.</param>
/// <param name="Count">How many rows had it (1 for the upload itself).</param>
public sealed record CountedIssue(
    [property: JsonPropertyName("path"), Description("The field concerned, e.g. user_data.ph or event_time.")] string Path,
    [property: JsonPropertyName("message"), Description("What was dropped, rewritten or is worth knowing.")] string Message,
    [property: JsonPropertyName("count"), Description("How many rows had it (1 for a warning about the upload itself).")] int Count);

/// <summary>The upload part of a file result.</summary>
public sealed record UploadResult
{
    /// <summary>Journal ID.</summary>
    [JsonPropertyName("id")]
    [Description("The upload's ID in the journal: the same pixel, file content and mapping give the same ID, so the same call continues where the last one stopped.")]
    public string? Id { get; init; }

    /// <summary>The file.</summary>
    [JsonPropertyName("file")]
    [Description("The file, with symbolic links resolved.")]
    public string? File { get; init; }

    /// <summary>The format.</summary>
    [JsonPropertyName("format")]
    [Description("csv, jsonl or json, with +gzip when compressed.")]
    public string? Format { get; init; }

    /// <summary>Rows in the file.</summary>
    [JsonPropertyName("rows_read")]
    [Description("Data rows in the file (the header not counted).")]
    public int RowsRead { get; init; }

    /// <summary>Valid rows.</summary>
    [JsonPropertyName("rows_valid")]
    [Description("Rows that passed validation.")]
    public int RowsValid { get; init; }

    /// <summary>Rejected rows.</summary>
    [JsonPropertyName("rows_rejected")]
    [Description("Rows skipped for an error (row_errors); never sent.")]
    public int RowsRejected { get; init; }

    /// <summary>Rows acknowledged by Meta in this call.</summary>
    [JsonPropertyName("rows_sent")]
    [Description("Rows acknowledged by Meta in this call.")]
    public int RowsSent { get; init; }

    /// <summary>Rows in failed requests.</summary>
    [JsonPropertyName("rows_failed")]
    [Description("Rows in requests that failed for good in this call; the same call again sends them again.")]
    public int RowsFailed { get; init; }

    /// <summary>Rows acknowledged earlier.</summary>
    [JsonPropertyName("rows_already_sent")]
    [Description("Rows Meta acknowledged in an earlier call of the same upload, so not sent again.")]
    public int RowsAlreadySent { get; init; }

    /// <summary>Requests sent.</summary>
    [JsonPropertyName("requests")]
    [Description("Requests sent by this call (acknowledged or failed).")]
    public int Requests { get; init; }

    /// <summary>Whether an earlier call had sent part of it.</summary>
    [JsonPropertyName("resumed")]
    [Description("true when an earlier call had already sent part (or all) of this upload and this call continued it.")]
    public bool Resumed { get; init; }

    /// <summary>When an earlier call finished it.</summary>
    [JsonPropertyName("finished_before")]
    [Description("When an earlier call had already finished this upload (ISO 8601); nothing is sent again unless force is true.")]
    public string? FinishedBefore { get; init; }

    /// <summary>Whether the call was cancelled.</summary>
    [JsonPropertyName("cancelled")]
    [Description("true when the call was cancelled before the end; what Meta acknowledged is kept, and the same call continues.")]
    public bool Cancelled { get; init; }

    /// <summary>Where the rejected rows went.</summary>
    [JsonPropertyName("rejected_rows_path")]
    [Description("The file the rejected rows were written to, with a reason column; null when none was asked for.")]
    public string? RejectedRowsPath { get; init; }
}

/// <summary>One line of the mapping.</summary>
/// <param name="Column">The header (or JSON key); null for a default.</param>
/// <param name="Field">The event field; null when unmapped.</param>
/// <param name="How">auto, explicit, default or ignored.</param>
public sealed record MappingResult(
    [property: JsonPropertyName("column"), Description("The column header (or JSON key); null for a default.")] string? Column,
    [property: JsonPropertyName("field"), Description("The event field it fills (user_data.em, event_time, custom_data.value, …); null when the column is not used.")] string? Field,
    [property: JsonPropertyName("how"), Description("auto (matched by its header, or unmapped when field is null), explicit (columns), default (defaults) or ignored (null in columns).")] string How);

/// <summary>A rejected row's problem.</summary>
/// <param name="Row">The line.</param>
/// <param name="Column">The column.</param>
/// <param name="Path">The field.</param>
/// <param name="Message">What is wrong and what is accepted.</param>
public sealed record RowErrorResult(
    [property: JsonPropertyName("row"), Description("The line of the file where the row starts (the header is line 1).")] int Row,
    [property: JsonPropertyName("column"), Description("The column (or JSON key) that gave the value; null when none did.")] string? Column,
    [property: JsonPropertyName("path"), Description("The event field, as the event tools name it (row for the whole row).")] string Path,
    [property: JsonPropertyName("message"), Description("What is wrong and what is accepted (never the value).")] string Message);

/// <summary>Match quality over the valid rows of a file.</summary>
public sealed record FileMatchQualityResult
{
    /// <summary>Identifiers present.</summary>
    [JsonPropertyName("present")]
    [Description("Identifiers carried by at least one valid row.")]
    public IReadOnlyList<string> Present { get; init; } = [];

    /// <summary>Strong identifiers missing somewhere.</summary>
    [JsonPropertyName("missing")]
    [Description("Strong identifiers not carried by every valid row, most valuable first (Meta's guidance).")]
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>The median row's rating.</summary>
    [JsonPropertyName("rating")]
    [Description("The median row's rating: strong, fair or weak.")]
    public required string Rating { get; init; }

    /// <summary>A short verdict.</summary>
    [JsonPropertyName("verdict")]
    [Description("How many rows got each rating and what to add.")]
    public required string Verdict { get; init; }

    /// <summary>Coverage of each key.</summary>
    [JsonPropertyName("coverage")]
    [Description("For each user_data key, how many valid rows carry it and their share in percent.")]
    public IReadOnlyList<KeyCoverage> Coverage { get; init; } = [];
}

/// <summary>How many valid rows carry a key.</summary>
/// <param name="Key">The user_data key.</param>
/// <param name="Rows">Rows carrying it.</param>
/// <param name="Percent">Their share of the valid rows.</param>
public sealed record KeyCoverage(
    [property: JsonPropertyName("key"), Description("The user_data key.")] string Key,
    [property: JsonPropertyName("rows"), Description("Valid rows carrying it.")] int Rows,
    [property: JsonPropertyName("percent"), Description("Their share of the valid rows, in percent (one decimal).")] double Percent);
