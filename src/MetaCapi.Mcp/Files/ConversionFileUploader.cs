using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Normalization;
using MetaCapi.Quality;
using MetaCapi.Validation;
using Microsoft.Data.Sqlite;

namespace MetaCapi.Files;

/// <summary>How far an upload has got: rows whose fate is decided (sent, rejected, failed, already sent) of all rows.</summary>
/// <param name="RowsDone">Rows decided so far; only grows.</param>
/// <param name="RowsTotal">Rows in the file.</param>
/// <param name="Message">A short line for a person ("1200 of 5000 rows: 1100 sent, 100 rejected").</param>
internal readonly record struct UploadProgress(int RowsDone, int RowsTotal, string Message);

/// <summary>
/// Offline conversions from a file: reads every row (CSV, JSON Lines, JSON, gzip), maps it to an event, runs it through
/// the same <see cref="EventPreparer"/> as a single event, and either previews the result or sends the valid rows in
/// requests of up to <see cref="FileUploadOptions.BatchSize"/> events, <see cref="FileUploadOptions.Parallelism"/> at a
/// time, through the same <see cref="ConversionsApiClient"/>, recording each acknowledged request in the
/// <see cref="UploadJournal"/> so a repeated call sends only the rest. Memory stays constant in the file size (rows
/// stream through a bounded pipeline; only an 8-byte fingerprint per row is kept, to number identical rows). See
/// <c>docs/architecture.md</c> (the Files room).
/// </summary>
internal sealed class ConversionFileUploader
{
    /// <summary>
    /// Rows per unit of work. Small enough that the rows in flight (a few chunks per core) die young between two
    /// collections instead of being promoted; large enough that handing chunks between threads costs nothing.
    /// </summary>
    private const int ChunkSize = 128;
    private const int MaxRowErrors = 50;
    private const int MaxWarningKinds = 100;
    private const int MaxTraceIds = 100;
    private const int MaxMessages = 20;
    private const int MaxFailedRequests = 50;
    private const int MappingSampleRows = 1000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly EventPreparer _preparer;
    private readonly FileUploadOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the uploader.</summary>
    /// <param name="preparer">The pipeline every event goes through (the one the event tools use).</param>
    /// <param name="options">Allowed folders, state folder, batch size and parallelism.</param>
    /// <param name="timeProvider">"Now", for the journal's timestamps and the progress pace.</param>
    public ConversionFileUploader(EventPreparer preparer, FileUploadOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(preparer);
        ArgumentNullException.ThrowIfNull(options);
        _preparer = preparer;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Reads, maps, validates and hashes every row, and sends nothing: the mapping, the counts, the first row errors, the
    /// warnings, the first valid event as it would be sent and the match quality over the valid rows. No token needed;
    /// the journal is read (to say what an earlier run already sent) but never created.
    /// </summary>
    /// <param name="request">The file and how to read it.</param>
    /// <param name="diagnostics">Where problems with the request itself go (a bad path, mapping or time zone → <see cref="UploadStatus.Rejected"/>).</param>
    /// <param name="progress">Receives progress a few times a second.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public Task<UploadReport> PreviewAsync(
        ConversionFileRequest request, Diagnostics diagnostics, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(request, null, diagnostics, progress, cancellationToken);

    /// <summary>
    /// Does what <see cref="PreviewAsync"/> does, then sends the valid rows not yet acknowledged for this upload (all of
    /// them with <see cref="ConversionFileRequest.Force"/>), each request through <paramref name="client"/>. A request
    /// that fails for good does not stop the others. Cancelling stops sending at once and keeps what Meta acknowledged.
    /// </summary>
    public Task<UploadReport> SendAsync(
        ConversionFileRequest request,
        ConversionsApiClient client,
        Diagnostics diagnostics,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return RunAsync(request, client.SendAsync, diagnostics, progress, cancellationToken);
    }

    /// <summary>The upload with any sender (tests and benchmarks stand in for the client); null previews.</summary>
    internal async Task<UploadReport> RunAsync(
        ConversionFileRequest request,
        Func<string, EventRequest, CancellationToken, Task<DeliveryResult>>? send,
        Diagnostics diagnostics,
        IProgress<UploadProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var sending = send is not null;

        if (sending || request.PixelId is not null)
        {
            EventValidator.ValidatePixelId(request.PixelId, diagnostics);
        }

        var timeZone = ReadTimeZone(request.TimeZone, diagnostics);
        var path = _options.Roots.ResolveForReading(request.Path, "path", diagnostics);
        string? rejectedPath = null;
        if (request.RejectedRowsPath is { } rejectedRowsPath)
        {
            rejectedPath = _options.Roots.ResolveForWriting(rejectedRowsPath, "rejected_rows_path", diagnostics);
            if (rejectedPath is not null && path is not null && string.Equals(rejectedPath, path, StringComparison.Ordinal))
            {
                diagnostics.Error("rejected_rows_path", "rejected_rows_path names the file being uploaded; give another file name (e.g. rejected.csv).");
                rejectedPath = null;
            }
        }

        if (diagnostics.HasErrors || path is null || timeZone is null)
        {
            return new UploadReport { Status = UploadStatus.Rejected };
        }

        var file = ConversionFile.Open(path, request.Format, diagnostics);
        if (file is null)
        {
            return new UploadReport { Status = UploadStatus.Rejected, File = path };
        }

        (string Hash, IReadOnlyList<string> Header, char? Separator, IReadOnlyList<string> Keys, int Rows) survey;
        try
        {
            survey = await SurveyAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsReadFailure(exception))
        {
            diagnostics.Error("path", $"path: the file could not be read ({exception.GetType().Name}): {ReadFailureHint}");
            return new UploadReport { Status = UploadStatus.Rejected, File = path, Format = file.FormatName };
        }

        var (fileHash, header, separator, keysSeen, total) = survey;
        var mapping = file.Format == ConversionFileFormat.Csv
            ? UploadMapping.ForCsv(header, request, diagnostics)
            : UploadMapping.ForJson(keysSeen, request, diagnostics);
        var shell = new UploadReport
        {
            Status = UploadStatus.Rejected,
            File = path,
            Format = file.FormatName,
            RowsRead = total,
            Mapping = mapping?.Report ?? [],
        };
        if (total == 0)
        {
            diagnostics.Error("path", file.Format == ConversionFileFormat.Csv
                ? "path: the file has a header but no rows."
                : "path: the file holds no event objects.");
        }

        if (diagnostics.HasErrors || mapping is null)
        {
            return shell;
        }

        var uploadId = UploadId(request, fileHash, file.FormatName, mapping, timeZone);
        shell = shell with { UploadId = uploadId };
        UploadJournal? journal = null;
        IDisposable? uploadLock = null;
        try
        {
            UploadState state;
            try
            {
                journal = sending ? UploadJournal.Open(_options.StateDirectory) : UploadJournal.OpenExisting(_options.StateDirectory);
                if (sending)
                {
                    uploadLock = journal!.TryLock(uploadId);
                    if (uploadLock is null)
                    {
                        diagnostics.Error("path",
                            "This upload (same file, pixel and mapping) is being sent right now by another call or process. Wait until it has " +
                            "finished, then call again: the next call sends only what is left, and nothing if it is all sent.");
                        return shell;
                    }

                    journal.Begin(uploadId, request.PixelId, path, fileHash, request.Force, _timeProvider.GetUtcNow());
                }

                state = journal is null || (sending && request.Force)
                    ? new UploadState(new RowSet(), 0, null)
                    : journal.Load(uploadId);
            }
            catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(FileUploadSettings.StateDirectory,
                    $"The upload journal in {_options.StateDirectory} could not be used ({exception.GetType().Name}): set {FileUploadSettings.StateDirectory} " +
                    "to a folder this server's user may write (it is created if missing).");
                return shell;
            }

            var run = new Run(this, request, file, mapping, timeZone, header, separator, total, state, journal, uploadId, send, progress, rejectedPath);
            var report = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            if (report.ReadFailure is { } failure)
            {
                diagnostics.Error("path", failure);
            }
            else if (report.Status == UploadStatus.Rejected)
            {
                diagnostics.Error("path", $"None of the {total} rows is valid, so nothing was sent; row_errors lists the first problems (line, column, field).");
            }

            return report with { Mapping = mapping.Report };
        }
        finally
        {
            uploadLock?.Dispose();
            journal?.Dispose();
        }
    }

    private static TimeZoneInfo? ReadTimeZone(string? name, Diagnostics diagnostics)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            var shown = name.Length <= 40 ? $"'{name.Trim()}'" : "the value";
            diagnostics.Error("time_zone",
                $"time_zone {shown} is not a time zone this machine knows; use an IANA name such as UTC, Europe/Berlin, America/New_York or Asia/Tokyo.");
            return null;
        }
    }

    private const string ReadFailureHint =
        "it may be cut short or corrupt (a .gz that does not decompress to the end, text that is not UTF-8). Check the file and call again.";

    private static bool IsReadFailure(Exception exception) =>
        exception is IOException or InvalidDataException or DecoderFallbackException or UnauthorizedAccessException;

    /// <summary>The file's hash, its header and separator (CSV), the keys of its first objects (JSON) and how many rows it has.</summary>
    private static Task<(string Hash, IReadOnlyList<string> Header, char? Separator, IReadOnlyList<string> Keys, int Rows)> SurveyAsync(
        ConversionFile file, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            var hash = await file.HashAsync(cancellationToken).ConfigureAwait(false);
            using var rows = IRowReader.Open(file);
            var keys = new List<string>();
            var count = 0;
            while (rows.Next(materialize: count < MappingSampleRows && file.Format != ConversionFileFormat.Csv) is { } row)
            {
                if ((++count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (row.Json is { } json)
                {
                    CollectKeys(json, keys);
                }
            }

            return (hash, rows.Header, rows.Separator, (IReadOnlyList<string>)keys, count);
        }, cancellationToken);

    private static void CollectKeys(byte[] json, List<string> keys)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var key = reader.GetString()!;
                    if (!keys.Contains(key) && keys.Count < 200)
                    {
                        keys.Add(key);
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // A row that is not JSON is reported when it is read.
        }
    }

    /// <summary>pixel + file content hash + mapping (columns, defaults, time zone, format) + test code, hashed.</summary>
    private static string UploadId(ConversionFileRequest request, string fileHash, string format, UploadMapping mapping, TimeZoneInfo timeZone)
    {
        var identity = $"pixel={request.PixelId}\nfile={fileHash}\nformat={format}\ntime_zone={timeZone.Id}\ntest_event_code={request.TestEventCode}\n{mapping.Canonical()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    /// <summary>One run of an upload: the bounded pipeline reader → preparers → (ordered) batches → senders.</summary>
    private sealed class Run
    {
        private readonly ConversionFileUploader _owner;
        private readonly ConversionFileRequest _request;
        private readonly ConversionFile _file;
        private readonly UploadMapping _mapping;
        private readonly EventTimeParser _times;
        private readonly IReadOnlyList<string> _header;
        private readonly char? _separator;
        private readonly int _total;
        private readonly UploadState _state;
        private readonly UploadJournal? _journal;
        private readonly string _uploadId;
        private readonly Func<string, EventRequest, CancellationToken, Task<DeliveryResult>>? _send;
        private readonly IProgress<UploadProgress>? _progress;
        private readonly string? _rejectedPath;
        private readonly ConcurrentBag<RowEventBuilder> _builders = [];
        private readonly Lock _gate = new();

        private readonly List<RowError> _rowErrors = [];
        private readonly Dictionary<(string Path, string Shape), WarningKind> _warnings = [];
        private readonly List<(string Path, string Shape)> _warningOrder = [];
        private readonly MatchQualityTally _quality = new();
        private readonly List<string> _traceIds = [];
        private readonly List<string> _messages = [];
        private readonly List<FailedRequest> _failed = [];
        private int _droppedWarningKinds;
        private int _rowsValid;
        private int _rowsRejected;
        private int _rowsSent;
        private int _rowsFailed;
        private int _rowsAlreadySent;
        private int _requests;
        private int _attempts;
        private int? _eventsReceived;
        private int _nextRequest;
        private ServerEvent? _sample;
        private long _lastProgress;
        private int _lastReportedDone = -1;

        public Run(
            ConversionFileUploader owner,
            ConversionFileRequest request,
            ConversionFile file,
            UploadMapping mapping,
            TimeZoneInfo timeZone,
            IReadOnlyList<string> header,
            char? separator,
            int total,
            UploadState state,
            UploadJournal? journal,
            string uploadId,
            Func<string, EventRequest, CancellationToken, Task<DeliveryResult>>? send,
            IProgress<UploadProgress>? progress,
            string? rejectedPath)
        {
            _owner = owner;
            _request = request;
            _file = file;
            _mapping = mapping;
            _times = new EventTimeParser(timeZone);
            _header = header;
            _separator = separator;
            _total = total;
            _state = state;
            _journal = journal;
            _uploadId = uploadId;
            _send = send;
            _progress = progress;
            _rejectedPath = rejectedPath;
            _nextRequest = state.LastRequest;
        }

        private int RowsDone => _rowsRejected + _rowsAlreadySent + _rowsSent + _rowsFailed + (_send is null ? _rowsValid : 0);

        public async Task<UploadReport> ExecuteAsync(CancellationToken cancellationToken)
        {
            var batchSize = _owner._options.BatchSize;
            var slots = new SemaphoreSlim(_owner._options.Parallelism);
            var inFlight = new List<Task>();
            var chunks = Channel.CreateBounded<Task<RowOutcome[]>>(new BoundedChannelOptions(Environment.ProcessorCount + 1)
            {
                SingleReader = true,
                SingleWriter = true,
            });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reading = Task.Run(() => ReadAsync(chunks.Writer, stop.Token), stop.Token);
            await using var rejected = _rejectedPath is null ? null : new RejectedRowsWriter(_rejectedPath, _header, _separator);
            var batch = new Batch(batchSize);
            var cancelled = false;
            string? readFailure = null;
            Report(force: true);
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    foreach (var outcome in await chunk.ConfigureAwait(false))
                    {
                        Handle(outcome, batch, rejected);
                        if (batch.Count == batchSize)
                        {
                            await DispatchAsync(batch, slots, inFlight, stop.Token).ConfigureAwait(false);
                            batch = new Batch(batchSize);
                        }
                    }

                    Report(force: false);
                    KeepMemoryBounded();
                }

                await reading.ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await DispatchAsync(batch, slots, inFlight, stop.Token).ConfigureAwait(false);
                }

                while (inFlight.Count > 0)
                {
                    var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(done);
                    await done.ConfigureAwait(false);
                    Report(force: false);
                }
            }
            catch (Exception exception) when (IsReadFailure(exception) || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                cancelled = exception is OperationCanceledException;
                readFailure = cancelled ? null : string.Create(CultureInfo.InvariantCulture,
                    $"path: the file could not be read to the end ({exception.GetType().Name}) after {_rowsValid + _rowsRejected} rows; the rest was not sent: {ReadFailureHint}");
                await stop.CancelAsync().ConfigureAwait(false);
                foreach (var task in inFlight)
                {
                    try
                    {
                        await task.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Not acknowledged: the next run sends it again, with the same event_ids.
                    }
                    catch (Exception inner) when (IsReadFailure(inner))
                    {
                        // Reported above.
                    }
                }

                try
                {
                    await reading.ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is OperationCanceledException || IsReadFailure(inner))
                {
                    // The reader stopped.
                }
            }

            Report(force: true);
            while (_builders.TryTake(out var builder))
            {
                builder.Dispose();
            }

            var complete = !cancelled && readFailure is null;
            if (rejected is not null && complete)
            {
                await rejected.CompleteAsync().ConfigureAwait(false);
            }

            return Finish(!complete, rejected is not null && complete ? _rejectedPath : null) with { Cancelled = cancelled, ReadFailure = readFailure };
        }

        /// <summary>
        /// An upload allocates fast (about 12 KB a row, all short-lived), and the non-concurrent workstation GC (the stdio
        /// server's setting, for its start-up; <c>GCLatencyMode.Batch</c>) lets gen0 grow past a hundred megabytes
        /// between collections. A gen0 collection after every <see cref="CollectEvery"/> allocated keeps the peak working
        /// set flat whatever the file size, for about a thousand cheap collections per million rows (the live set is a few
        /// chunks). Other GC modes size gen0 well and are left alone.
        /// </summary>
        private void KeepMemoryBounded()
        {
            if (System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch)
            {
                return;
            }

            var allocated = GC.GetTotalAllocatedBytes();
            if (allocated - _allocatedAtCollection >= CollectEvery)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                _allocatedAtCollection = GC.GetTotalAllocatedBytes();
            }
        }

        private const long CollectEvery = 16L << 20;

        private long _allocatedAtCollection;

        private UploadReport Finish(bool cancelled, string? rejectedFile)
        {
            var sending = _send is not null;
            var acknowledged = _rowsSent + _rowsAlreadySent;
            var status = !sending ? UploadStatus.Preview
                : _rowsValid == 0 && !cancelled ? UploadStatus.Rejected
                : acknowledged == 0 ? UploadStatus.Failed
                : _rowsRejected == 0 && _rowsFailed == 0 && !cancelled && acknowledged == _rowsValid ? UploadStatus.Sent
                : UploadStatus.Partial;
            if (!sending && _rowsValid == 0)
            {
                status = UploadStatus.Rejected;
            }

            var finishedNow = sending && !cancelled && _rowsFailed == 0 && _rowsValid > 0 && acknowledged == _rowsValid;
            if (finishedNow && _state.FinishedAt is null)
            {
                _journal!.Finish(_uploadId, _owner._timeProvider.GetUtcNow());
            }

            var warnings = new List<CountedWarning>(_warningOrder.Count + 1);
            foreach (var key in _warningOrder)
            {
                var kind = _warnings[key];
                warnings.Add(new CountedWarning(key.Path, kind.Varied ? "For example: " + kind.First : kind.First, kind.Count));
            }

            if (_droppedWarningKinds > 0)
            {
                warnings.Add(new CountedWarning("warnings", $"… and {_droppedWarningKinds} more kinds of warnings, not listed.", _droppedWarningKinds));
            }

            var coverage = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var key in UserDataKeys.All)
            {
                if (_quality.Carried.TryGetValue(key, out var count))
                {
                    coverage[key] = count;
                }
            }

            return new UploadReport
            {
                Status = status,
                UploadId = _uploadId,
                File = _file.FilePath,
                Format = _file.FormatName,
                RowsRead = _total,
                RowsValid = _rowsValid,
                RowsRejected = _rowsRejected,
                RowsSent = _rowsSent,
                RowsFailed = _rowsFailed,
                RowsAlreadySent = _rowsAlreadySent,
                Requests = _requests,
                Resumed = _rowsAlreadySent > 0,
                FinishedBefore = _request.Force ? null : _state.FinishedAt,
                Cancelled = cancelled,
                RowErrors = _rowErrors,
                Warnings = warnings,
                EventsReceived = _eventsReceived,
                FbtraceIds = _traceIds,
                Messages = _messages,
                Attempts = _attempts,
                FailedRequests = _failed,
                MatchKeyCoverage = coverage,
                MatchQuality = _quality.Count > 0 ? _quality.Report() : null,
                SamplePayload = _sample,
                RejectedRowsFile = rejectedFile,
            };
        }

        /// <summary>Reads the file in order, numbers identical rows, and hands chunks of rows to the preparers (in order).</summary>
        private async Task ReadAsync(ChannelWriter<Task<RowOutcome[]>> writer, CancellationToken cancellationToken)
        {
            try
            {
                using var rows = IRowReader.Open(_file);
                var identity = new RowIdentity();
                var eventIdColumn = _mapping.EventIdColumn;
                var chunk = new List<RawRow>(ChunkSize);
                while (rows.Next(materialize: true) is { } row)
                {
                    if (row.Problem is null)
                    {
                        if (row.Cells is { } cells && (eventIdColumn < 0 || cells[eventIdColumn].AsSpan().IsWhiteSpace()))
                        {
                            row.GeneratedEventId = identity.ForCells(cells, _mapping.Columns);
                        }
                        else if (row.Json is { } json)
                        {
                            row.GeneratedEventId = identity.ForJson(json);
                        }
                    }

                    chunk.Add(row);
                    if (chunk.Count == ChunkSize)
                    {
                        var full = chunk;
                        await writer.WriteAsync(Task.Run(() => Prepare(full), cancellationToken), cancellationToken).ConfigureAwait(false);
                        chunk = new List<RawRow>(ChunkSize);
                    }
                }

                if (chunk.Count > 0)
                {
                    await writer.WriteAsync(Task.Run(() => Prepare(chunk), cancellationToken), cancellationToken).ConfigureAwait(false);
                }

                writer.Complete();
            }
            catch (Exception exception)
            {
                writer.TryComplete(exception);
                throw;
            }
        }

        /// <summary>Each row through the event tools' pipeline (on a pool thread; chunks are prepared in parallel).</summary>
        private RowOutcome[] Prepare(List<RawRow> rows)
        {
            if (!_builders.TryTake(out var builder))
            {
                builder = new RowEventBuilder(_mapping, _times, _header);
            }

            try
            {
                var outcomes = new RowOutcome[rows.Count];
                var memo = new HashMemo();
                for (var i = 0; i < rows.Count; i++)
                {
                    var row = rows[i];
                    var diagnostics = new Diagnostics();
                    ServerEvent? prepared = null;
                    if (row.Problem is { } problem)
                    {
                        diagnostics.Error(string.Empty, "The row could not be read: " + problem);
                    }
                    else if (builder.Read(row, diagnostics) is { } input)
                    {
                        prepared = _owner._preparer.Prepare(input, diagnostics, memo);
                    }

                    outcomes[i] = prepared is null
                        ? new RowOutcome(row.Index, row.Line, null, null, diagnostics.All, ErrorColumns(diagnostics, builder), row)
                        : new RowOutcome(
                            row.Index,
                            row.Line,
                            NeedsEvent(row.Index) ? prepared : null,
                            prepared.UserData.PresentKeys(),
                            diagnostics.All.Count == 0 ? [] : diagnostics.All,
                            null,
                            null);
                }

                return outcomes;
            }
            finally
            {
                _builders.Add(builder);
            }
        }

        /// <summary>
        /// Whether the consumer needs a valid row's event: to send it (unless an earlier run did), or as the sample. Other
        /// events are let go on the preparing thread, so the rows in flight stay small.
        /// </summary>
        private bool NeedsEvent(int index) =>
            _send is not null ? !_state.Acknowledged.Contains(index) : !Volatile.Read(ref _sampleTaken);

        private bool _sampleTaken;

        private void Handle(RowOutcome outcome, Batch batch, RejectedRowsWriter? rejected)
        {
            if (outcome.Keys is not { } keys)
            {
                _rowsRejected++;
                var reasons = new List<string>();
                var index = 0;
                foreach (var problem in outcome.Problems)
                {
                    if (problem.Severity != DiagnosticSeverity.Error)
                    {
                        continue;
                    }

                    reasons.Add(problem.Message);
                    var column = outcome.ErrorColumns is { } columns && index < columns.Length ? columns[index] : null;
                    index++;
                    if (_rowErrors.Count < MaxRowErrors)
                    {
                        var path = problem.Path.Length == 0 ? "row" : problem.Path;
                        _rowErrors.Add(new RowError(outcome.Line, column, path, problem.Message));
                    }
                }

                rejected?.Write(outcome.Rejected!, string.Join(" ", reasons));
                return;
            }

            _rowsValid++;
            if (_sample is null && outcome.Event is { } first)
            {
                _sample = first;
                Volatile.Write(ref _sampleTaken, true);
            }

            _quality.Add(keys);
            foreach (var problem in outcome.Problems)
            {
                if (problem.Severity == DiagnosticSeverity.Warning)
                {
                    CountWarning(problem.Path, problem.Message);
                }
            }

            if (_state.Acknowledged.Contains(outcome.Index))
            {
                _rowsAlreadySent++;
                return;
            }

            if (_send is not null)
            {
                batch.Add(outcome.Event!, outcome.Index, outcome.Line);
            }
        }

        /// <summary>
        /// Counts a warning by kind: its path and its message with the numbers left out, so "event_time is 26 hours old"
        /// and "… 28.6 hours old" are one kind, shown by its first message.
        /// </summary>
        private void CountWarning(string path, string message)
        {
            var key = (path, Shape(message));
            if (_warnings.TryGetValue(key, out var kind))
            {
                kind.Count++;
                kind.Varied |= !string.Equals(kind.First, message, StringComparison.Ordinal);
            }
            else if (_warningOrder.Count < MaxWarningKinds)
            {
                _warnings[key] = new WarningKind { First = message, Count = 1 };
                _warningOrder.Add(key);
            }
            else
            {
                _droppedWarningKinds++;
            }
        }

        private static string Shape(string message)
        {
            var shape = new StringBuilder(message.Length);
            var inNumber = false;
            foreach (var c in message)
            {
                var digit = char.IsAsciiDigit(c) || (inNumber && c == '.');
                if (!digit)
                {
                    shape.Append(c);
                }
                else if (!inNumber)
                {
                    shape.Append('#');
                }

                inNumber = digit;
            }

            return shape.ToString();
        }

        private sealed class WarningKind
        {
            public required string First { get; init; }

            public int Count { get; set; }

            public bool Varied { get; set; }
        }

        private async Task DispatchAsync(Batch batch, SemaphoreSlim slots, List<Task> inFlight, CancellationToken cancellationToken)
        {
            inFlight.RemoveAll(static t => t.IsCompletedSuccessfully);
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var number = ++_nextRequest;
            inFlight.Add(SendAsync(number, batch, slots, cancellationToken));
            Report(force: false);
        }

        private async Task SendAsync(int number, Batch batch, SemaphoreSlim slots, CancellationToken cancellationToken)
        {
            try
            {
                var request = new EventRequest { Data = batch.Events, TestEventCode = _request.TestEventCode };
                var delivery = await _send!(_request.PixelId!, request, cancellationToken).ConfigureAwait(false);
                if (delivery.Status == DeliveryStatus.Sent)
                {
                    // Durable before it counts: a crash after this line never sends these rows again.
                    _journal!.Acknowledge(_uploadId, number, batch.Rows, batch.Count, delivery.EventsReceived, delivery.FbtraceId,
                        _owner._timeProvider.GetUtcNow());
                }

                lock (_gate)
                {
                    _requests++;
                    _attempts += delivery.Attempts;
                    if (delivery.Status == DeliveryStatus.Sent)
                    {
                        _rowsSent += batch.Count;
                        if (delivery.EventsReceived is { } received)
                        {
                            _eventsReceived = (_eventsReceived ?? 0) + received;
                        }
                    }
                    else
                    {
                        _rowsFailed += batch.Count;
                        if (_failed.Count < MaxFailedRequests)
                        {
                            _failed.Add(new FailedRequest(number, batch.FirstLine, batch.LastLine, batch.Count, delivery));
                        }
                    }

                    if ((delivery.FbtraceId ?? delivery.Error?.FbtraceId) is { } trace && _traceIds.Count < MaxTraceIds)
                    {
                        _traceIds.Add(trace);
                    }

                    foreach (var message in delivery.Messages)
                    {
                        if (_messages.Count < MaxMessages && !_messages.Contains(message))
                        {
                            _messages.Add(message);
                        }
                    }
                }
            }
            finally
            {
                slots.Release();
            }
        }

        private void Report(bool force)
        {
            if (_progress is null)
            {
                return;
            }

            int done;
            string message;
            lock (_gate)
            {
                done = RowsDone;
                message = _send is null
                    ? string.Create(CultureInfo.InvariantCulture, $"{done} of {_total} rows read: {_rowsValid} valid, {_rowsRejected} rejected")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{done} of {_total} rows: {_rowsSent} sent, {_rowsAlreadySent} already sent, {_rowsRejected} rejected, {_rowsFailed} failed");
            }

            var now = _owner._timeProvider.GetTimestamp();
            if (done == _lastReportedDone || (!force && _owner._timeProvider.GetElapsedTime(_lastProgress, now) < ProgressInterval))
            {
                return;
            }

            _lastProgress = now;
            _lastReportedDone = done;
            _progress.Report(new UploadProgress(done, _total, message));
        }
    }

    /// <summary>The column that gave the value of each error of a rejected row, in the order of its errors (read before the builder moves on).</summary>
    private static string?[] ErrorColumns(Diagnostics diagnostics, RowEventBuilder builder)
    {
        var columns = new List<string?>();
        foreach (var problem in diagnostics.All)
        {
            if (problem.Severity == DiagnosticSeverity.Error)
            {
                columns.Add(builder.ColumnOf(problem.Path));
            }
        }

        return [.. columns];
    }

    /// <summary>
    /// A prepared row, as small as the consumer allows: a valid row's match keys, warnings and (when needed) its event; a
    /// rejected row's problems, the columns they came from, and the row itself (for the rejected-rows file).
    /// </summary>
    private sealed record RowOutcome(
        int Index,
        int Line,
        ServerEvent? Event,
        IReadOnlyCollection<string>? Keys,
        IReadOnlyList<Diagnostic> Problems,
        string?[]? ErrorColumns,
        RawRow? Rejected);

    /// <summary>The events of one request and the rows they came from.</summary>
    private sealed class Batch(int capacity)
    {
        public List<ServerEvent> Events { get; } = new(capacity);

        public RowSet Rows { get; } = new();

        public int Count => Events.Count;

        public int FirstLine { get; private set; }

        public int LastLine { get; private set; }

        public void Add(ServerEvent prepared, int index, int line)
        {
            if (Events.Count == 0)
            {
                FirstLine = line;
            }

            Events.Add(prepared);
            Rows.Add(index);
            LastLine = line;
        }
    }
}
