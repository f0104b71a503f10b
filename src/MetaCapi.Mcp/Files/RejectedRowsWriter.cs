using System.Text;
using System.Text.Json;

namespace MetaCapi.Files;

/// <summary>
/// Writes the rejected rows of an upload, as they were, with a <c>reason</c> (the problems, never a value): a CSV with
/// the same header and separator plus a <c>reason</c> column, or JSON Lines with a <c>reason</c> key. Fixed, the file can be
/// uploaded again as it is (<c>reason</c> matches no field, so it is left unmapped). The rows hold customer data: the
/// file is created owner-only, written beside its target and moved into place when the upload ends.
/// </summary>
internal sealed class RejectedRowsWriter : IAsyncDisposable
{
    private const string ReasonColumn = "reason";

    private readonly string _path;
    private readonly string _temporary;
    private readonly StreamWriter _writer;
    private readonly char _separator;
    private readonly bool _csv;
    private bool _completed;

    public RejectedRowsWriter(string path, IReadOnlyList<string> header, char? separator)
    {
        _path = path;
        _temporary = Path.Join(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _writer = new StreamWriter(new FileStream(_temporary, options), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        _csv = separator is not null;
        _separator = separator ?? ',';
        if (_csv)
        {
            WriteCells(header, ReasonColumn);
        }
    }

    public void Write(RawRow row, string reason)
    {
        if (row.Cells is { } cells)
        {
            WriteCells(cells, reason);
        }
        else if (_csv)
        {
            // A CSV row that could not be split into cells: the line number says where it is.
            WriteCells([], $"line {row.Line}: {reason}");
        }
        else
        {
            WriteJson(row, reason);
        }
    }

    /// <summary>Moves the finished file into place.</summary>
    public async Task CompleteAsync()
    {
        await _writer.FlushAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        File.Move(_temporary, _path, overwrite: true);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            File.Delete(_temporary);
        }
    }

    private void WriteCells(IReadOnlyList<string> cells, string reason)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            WriteCell(cells[i]);
            _writer.Write(_separator);
        }

        WriteCell(reason);
        _writer.Write("\r\n");
    }

    /// <summary>RFC 4180: quoted when it holds the separator, a quote or a line break; quotes doubled.</summary>
    private void WriteCell(string cell)
    {
        if (cell.AsSpan().IndexOfAny([_separator, '"', '\r', '\n']) < 0)
        {
            _writer.Write(cell);
            return;
        }

        _writer.Write('"');
        _writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    private void WriteJson(RawRow row, string reason)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            JsonDocument? document = null;
            try
            {
                document = row.Json is { } bytes ? JsonDocument.Parse(bytes) : null;
            }
            catch (JsonException)
            {
                document = null;
            }

            json.WriteStartObject();
            if (document?.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name != ReasonColumn)
                    {
                        property.WriteTo(json);
                    }
                }
            }
            else
            {
                json.WriteNumber("line", row.Line);
            }

            json.WriteString(ReasonColumn, reason);
            json.WriteEndObject();
            document?.Dispose();
        }

        _writer.Write(Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length));
        _writer.Write('\n');
    }
}
