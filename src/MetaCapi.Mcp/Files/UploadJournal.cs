using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace MetaCapi.Files;

/// <summary>
/// The durable record of what Meta acknowledged, per upload (pixel + file content hash + mapping), so the same upload
/// after a crash, a <c>kill -9</c>, an outage or a cancellation sends only what Meta has not acknowledged. SQLite in WAL
/// mode with full synchronous commits, in <c>META_STATE_DIR</c> (created owner-only): a request is recorded the moment
/// Meta's acknowledgement arrives, so at most the requests in flight at a crash are sent again (with the same
/// <c>event_id</c>s, which Meta deduplicates). Rows are identified by their position in the file, which the content
/// hash pins. One process (or call) at a time may send an upload: <see cref="TryLock"/> takes an OS lock on a file
/// beside the journal, which the OS releases when the process ends, however it ends.
/// </summary>
internal sealed class UploadJournal : IDisposable
{
    public const string FileName = "uploads.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly string _directory;

    private UploadJournal(string directory, SqliteConnection connection)
    {
        _directory = directory;
        _connection = connection;
    }

    /// <summary>Opens (creating when needed) the journal in <paramref name="directory"/>.</summary>
    public static UploadJournal Open(string directory)
    {
        CreateOwnerOnly(directory);
        var path = Path.Join(directory, FileName);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection,
                """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = 30000;
                CREATE TABLE IF NOT EXISTS uploads (
                    id TEXT PRIMARY KEY,
                    pixel_id TEXT,
                    file TEXT NOT NULL,
                    file_sha256 TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER);
                CREATE TABLE IF NOT EXISTS requests (
                    upload_id TEXT NOT NULL,
                    request INTEGER NOT NULL,
                    rows TEXT NOT NULL,
                    events INTEGER NOT NULL,
                    events_received INTEGER,
                    fbtrace_id TEXT,
                    acknowledged_at INTEGER NOT NULL,
                    PRIMARY KEY (upload_id, request));
                """);
            OwnerOnly(path);
            return new UploadJournal(directory, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens the journal only if it exists (a preview never creates state); null otherwise.</summary>
    public static UploadJournal? OpenExisting(string directory) =>
        File.Exists(Path.Join(directory, FileName)) ? Open(directory) : null;

    /// <summary>The OS lock that makes one sender at a time per upload; null when another process or call holds it.</summary>
    public IDisposable? TryLock(string uploadId)
    {
        var locks = Path.Join(_directory, "locks");
        CreateOwnerOnly(locks);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix), dropped by the OS with the process.
            return new FileStream(Path.Join(locks, uploadId + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>What the journal knows of an upload.</summary>
    public UploadState Load(string uploadId)
    {
        lock (_gate)
        {
            using var upload = _connection.CreateCommand();
            upload.CommandText = "SELECT finished_at FROM uploads WHERE id = $id";
            upload.Parameters.AddWithValue("$id", uploadId);
            var finished = upload.ExecuteScalar() is long at ? DateTimeOffset.FromUnixTimeSeconds(at) : (DateTimeOffset?)null;

            using var requests = _connection.CreateCommand();
            requests.CommandText = "SELECT request, rows FROM requests WHERE upload_id = $id";
            requests.Parameters.AddWithValue("$id", uploadId);
            var acknowledged = new RowSet();
            var last = 0;
            using var reader = requests.ExecuteReader();
            while (reader.Read())
            {
                last = Math.Max(last, reader.GetInt32(0));
                acknowledged.AddEncoded(reader.GetString(1));
            }

            return new UploadState(acknowledged, last, finished);
        }
    }

    /// <summary>Starts an upload, or forgets what an earlier run acknowledged when <paramref name="force"/> sends it all again.</summary>
    public void Begin(string uploadId, string? pixelId, string file, string fileSha256, bool force, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                """
                INSERT INTO uploads (id, pixel_id, file, file_sha256, created_at) VALUES ($id, $pixel, $file, $sha, $now)
                ON CONFLICT (id) DO UPDATE SET file = excluded.file;
                """;
            command.Parameters.AddWithValue("$id", uploadId);
            command.Parameters.AddWithValue("$pixel", (object?)pixelId ?? DBNull.Value);
            command.Parameters.AddWithValue("$file", file);
            command.Parameters.AddWithValue("$sha", fileSha256);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            command.ExecuteNonQuery();
            if (force)
            {
                command.Parameters.Clear();
                command.CommandText = "DELETE FROM requests WHERE upload_id = $id; UPDATE uploads SET finished_at = NULL WHERE id = $id;";
                command.Parameters.AddWithValue("$id", uploadId);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Records that Meta acknowledged request <paramref name="request"/> holding <paramref name="rows"/>; durable on return.</summary>
    public void Acknowledge(string uploadId, int request, RowSet rows, int events, int? eventsReceived, string? fbtraceId, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
                """
                INSERT OR REPLACE INTO requests (upload_id, request, rows, events, events_received, fbtrace_id, acknowledged_at)
                VALUES ($id, $request, $rows, $events, $received, $trace, $now);
                """;
            command.Parameters.AddWithValue("$id", uploadId);
            command.Parameters.AddWithValue("$request", request);
            command.Parameters.AddWithValue("$rows", rows.Encode());
            command.Parameters.AddWithValue("$events", events);
            command.Parameters.AddWithValue("$received", (object?)eventsReceived ?? DBNull.Value);
            command.Parameters.AddWithValue("$trace", (object?)fbtraceId ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Marks the upload finished: every valid row acknowledged.</summary>
    public void Finish(string uploadId, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE uploads SET finished_at = $now WHERE id = $id";
            command.Parameters.AddWithValue("$id", uploadId);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void OwnerOnly(string file)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(file))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>What the journal knows of an upload: the rows Meta acknowledged, the last request number, and when it finished.</summary>
internal sealed record UploadState(RowSet Acknowledged, int LastRequest, DateTimeOffset? FinishedAt);

/// <summary>
/// A set of row positions as sorted, merged ranges: a request's rows (consecutive except where rows were rejected), or
/// everything an upload's requests hold. Stored as text, <c>start+count</c> separated by commas.
/// </summary>
internal sealed class RowSet
{
    private readonly List<(int Start, int Count)> _ranges = [];

    public int Count { get; private set; }

    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>Adds a row; rows of a request are added in increasing order.</summary>
    public void Add(int row)
    {
        if (_ranges.Count > 0 && _ranges[^1] is var (start, count) && start + count == row)
        {
            _ranges[^1] = (start, count + 1);
        }
        else
        {
            Insert(row, 1);
            return;
        }

        Count++;
    }

    public bool Contains(int row)
    {
        var low = 0;
        var high = _ranges.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var (start, count) = _ranges[middle];
            if (row < start)
            {
                high = middle - 1;
            }
            else if (row >= start + count)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    public string Encode()
    {
        var text = new StringBuilder(_ranges.Count * 12);
        foreach (var (start, count) in _ranges)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(start.ToString(CultureInfo.InvariantCulture)).Append('+').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public void AddEncoded(string encoded)
    {
        foreach (var part in encoded.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var plus = part.IndexOf('+', StringComparison.Ordinal);
            if (plus > 0
                && int.TryParse(part.AsSpan(0, plus), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && int.TryParse(part.AsSpan(plus + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > 0)
            {
                Insert(start, count);
            }
        }
    }

    /// <summary>Adds [start, start + count), merging with the ranges it touches.</summary>
    private void Insert(int start, int count)
    {
        var end = start + count;
        var index = 0;
        while (index < _ranges.Count && _ranges[index].Start + _ranges[index].Count < start)
        {
            index++;
        }

        var added = count;
        while (index < _ranges.Count && _ranges[index].Start <= end)
        {
            var (otherStart, otherCount) = _ranges[index];
            var otherEnd = otherStart + otherCount;
            added -= Math.Max(0, Math.Min(end, otherEnd) - Math.Max(start, otherStart));
            start = Math.Min(start, otherStart);
            end = Math.Max(end, otherEnd);
            _ranges.RemoveAt(index);
        }

        _ranges.Insert(index, (start, end - start));
        Count += added;
    }
}
