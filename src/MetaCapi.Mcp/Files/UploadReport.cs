using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Quality;

namespace MetaCapi.Files;

/// <summary>The outcome of an upload (or of its preview).</summary>
internal enum UploadStatus
{
    /// <summary>A dry run: every row read, mapped, validated and hashed; nothing sent.</summary>
    Preview,

    /// <summary>Every valid row was acknowledged by Meta (in this run or an earlier one), and no row was rejected.</summary>
    Sent,

    /// <summary>Some rows were acknowledged; others were rejected, failed, or not sent because the upload was cancelled.</summary>
    Partial,

    /// <summary>Nothing was started (a bad parameter, path or mapping, or not one valid row); nothing was sent.</summary>
    Rejected,

    /// <summary>Nothing was acknowledged: Meta or the network refused every request.</summary>
    Failed,
}

/// <summary>How a column's field was decided.</summary>
internal enum MappingSource
{
    /// <summary>Matched by its header (or left unmapped when nothing matched).</summary>
    Auto,

    /// <summary>Named in <c>columns</c>.</summary>
    Explicit,

    /// <summary>A value from <c>defaults</c> for every row that has none.</summary>
    Default,

    /// <summary>Ignored on purpose (<c>null</c> in <c>columns</c>).</summary>
    Ignored,
}

/// <summary>One line of the mapping: a column (or a default) and the field it fills.</summary>
/// <param name="Column">The header or JSON key; null for a default.</param>
/// <param name="Field">The event field; null when the column is not used.</param>
/// <param name="How">How it was decided.</param>
internal sealed record ColumnMapping(string? Column, string? Field, MappingSource How);

/// <summary>A rejected row's problem: where (line, column, field) and what is accepted; never the value.</summary>
/// <param name="Row">The line of the file where the row starts (the header is line 1).</param>
/// <param name="Column">The column (or JSON key) that gave the value, when one did.</param>
/// <param name="Path">The event field, as the event tools name it (<c>user_data.em</c>, <c>event_time</c>).</param>
/// <param name="Message">What is wrong and what is accepted.</param>
internal sealed record RowError(int Row, string? Column, string Path, string Message);

/// <summary>A warning and how many rows had it.</summary>
/// <param name="Path">The event field.</param>
/// <param name="Message">What was dropped, rewritten or is worth knowing.</param>
/// <param name="Count">How many rows (or, for the upload itself, 1).</param>
internal sealed record CountedWarning(string Path, string Message, int Count);

/// <summary>A request Meta (or the network) refused for good: which rows it held, and why.</summary>
/// <param name="Request">The request's number in this upload (1-based).</param>
/// <param name="FirstRow">The line of its first row.</param>
/// <param name="LastRow">The line of its last row.</param>
/// <param name="Rows">How many rows (events) it held.</param>
/// <param name="Delivery">What happened: Meta's error, or the network's.</param>
internal sealed record FailedRequest(int Request, int FirstRow, int LastRow, int Rows, DeliveryResult Delivery);

/// <summary>
/// What an upload did: the counts, the mapping used, the first row errors, the warnings by kind, and Meta's own answers
/// (<c>events_received</c>, <c>fbtrace_id</c>s), nothing invented.
/// </summary>
internal sealed record UploadReport
{
    /// <summary>Preview, sent, partial, rejected or failed.</summary>
    public required UploadStatus Status { get; init; }

    /// <summary>The upload's ID in the journal: pixel + file content hash + mapping; null when nothing was read.</summary>
    public string? UploadId { get; init; }

    /// <summary>The file, as resolved (symbolic links followed).</summary>
    public string? File { get; init; }

    /// <summary><c>csv</c>, <c>jsonl</c> or <c>json</c>, with <c>+gzip</c> when compressed.</summary>
    public string? Format { get; init; }

    /// <summary>Data rows in the file (the header not counted).</summary>
    public int RowsRead { get; init; }

    /// <summary>Rows that passed validation (sent, to send, or already sent).</summary>
    public int RowsValid { get; init; }

    /// <summary>Rows skipped for an error (see <see cref="RowErrors"/>); never sent.</summary>
    public int RowsRejected { get; init; }

    /// <summary>Rows acknowledged by Meta in this run.</summary>
    public int RowsSent { get; init; }

    /// <summary>Rows in requests that failed for good in this run.</summary>
    public int RowsFailed { get; init; }

    /// <summary>Rows acknowledged by an earlier run of the same upload, so not sent again.</summary>
    public int RowsAlreadySent { get; init; }

    /// <summary>Requests sent in this run (acknowledged or failed).</summary>
    public int Requests { get; init; }

    /// <summary>Whether an earlier run had already sent part (or all) of this upload.</summary>
    public bool Resumed { get; init; }

    /// <summary>When the upload had already been finished by an earlier run (nothing is sent again unless forced).</summary>
    public DateTimeOffset? FinishedBefore { get; init; }

    /// <summary>Whether the run was cancelled before the end (what was acknowledged is kept).</summary>
    public bool Cancelled { get; init; }

    /// <summary>The mapping used, column by column (unmapped columns included), then the defaults.</summary>
    public IReadOnlyList<ColumnMapping> Mapping { get; init; } = [];

    /// <summary>The first 50 problems of rejected rows.</summary>
    public IReadOnlyList<RowError> RowErrors { get; init; } = [];

    /// <summary>Warnings of the valid rows and of the upload, by kind, with their counts.</summary>
    public IReadOnlyList<CountedWarning> Warnings { get; init; } = [];

    /// <summary>The sum of Meta's <c>events_received</c> over this run's acknowledged requests; null when Meta reported none.</summary>
    public int? EventsReceived { get; init; }

    /// <summary>Meta's <c>fbtrace_id</c> of each request of this run (the first 100).</summary>
    public IReadOnlyList<string> FbtraceIds { get; init; } = [];

    /// <summary>Meta's messages, each once (the first 20).</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>HTTP attempts made in this run, retries included.</summary>
    public int Attempts { get; init; }

    /// <summary>The requests that failed for good (the first 50).</summary>
    public IReadOnlyList<FailedRequest> FailedRequests { get; init; } = [];

    /// <summary>For each user_data key (Meta's order), how many valid rows carry it.</summary>
    public IReadOnlyDictionary<string, int> MatchKeyCoverage { get; init; } = new Dictionary<string, int>();

    /// <summary>Match quality over the valid rows.</summary>
    public MatchQualityReport? MatchQuality { get; init; }

    /// <summary>The first valid row's event exactly as it is (or would be) sent.</summary>
    public ServerEvent? SamplePayload { get; init; }

    /// <summary>The file the rejected rows were written to, when one was asked for.</summary>
    public string? RejectedRowsFile { get; init; }

    /// <summary>Why the file could not be read to the end (the rows after it were not sent); null when it was.</summary>
    public string? ReadFailure { get; init; }
}
