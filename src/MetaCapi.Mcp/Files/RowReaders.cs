using System.Buffers;
using System.Text;
using nietras.SeparatedValues;

namespace MetaCapi.Files;

/// <summary>One row of a file as read, before mapping: CSV cells, or the bytes of one JSON event object.</summary>
internal sealed class RawRow
{
    /// <summary>The row's position among the file's data rows (0-based): its identity in the journal.</summary>
    public int Index { get; init; }

    /// <summary>The line of the file where it starts (the CSV header is line 1).</summary>
    public int Line { get; init; }

    /// <summary>CSV: the cells, one per header column (missing trailing cells are empty).</summary>
    public string[]? Cells { get; init; }

    /// <summary>JSON: the UTF-8 bytes of the value.</summary>
    public byte[]? Json { get; init; }

    /// <summary>Why the row cannot be read at all (too many cells, a line too long); never quotes it.</summary>
    public string? Problem { get; init; }

    /// <summary>The event_id derived from the row's content, set in file order (identical rows numbered).</summary>
    public string? GeneratedEventId { get; set; }
}

/// <summary>Reads the rows of a file one by one, in file order.</summary>
internal interface IRowReader : IDisposable
{
    /// <summary>The header (CSV), or empty (JSON).</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The separator (CSV, as given or detected from the header), or null (JSON).</summary>
    char? Separator { get; }

    /// <summary>The next row, or null at the end. With <paramref name="materialize"/> false only counts it (no cells kept).</summary>
    RawRow? Next(bool materialize);

    /// <summary>Opens the reader of <paramref name="file"/>'s format over a fresh stream of its content.</summary>
    static IRowReader Open(ConversionFile file) => file.Format switch
    {
        ConversionFileFormat.Csv => new CsvRowReader(file.OpenContent(), file.Separator),
        ConversionFileFormat.JsonLines => new JsonLinesRowReader(file.OpenContent()),
        _ => new JsonArrayRowReader(file.OpenContent()),
    };
}

/// <summary>CSV through Sep: RFC 4180 quotes (embedded separators, line breaks and <c>""</c>), the separator detected from the header (comma, semicolon, tab or pipe), UTF-8 with or without BOM, CRLF or LF. Blank lines are skipped.</summary>
internal sealed class CsvRowReader : IRowReader
{
    private readonly SepReader _reader;
    private readonly string[] _header;
    private int _index;

    public CsvRowReader(Stream content, char? separator)
    {
        var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var options = separator is { } known ? Sep.New(known).Reader() : Sep.Reader();
        _reader = (options with { HasHeader = false, Unescape = true, DisableColCountCheck = true, DisableFastFloat = true }).From(text);
        _header = [];
        while (_reader.MoveNext())
        {
            var row = _reader.Current;
            if (IsBlank(row))
            {
                continue;
            }

            _header = new string[row.ColCount];
            for (var i = 0; i < row.ColCount; i++)
            {
                var name = row[i].Span.Trim().TrimStart('\uFEFF').Trim().ToString();
                _header[i] = name.Length == 0 ? $"(column {i + 1})" : name;
            }

            break;
        }
    }

    public IReadOnlyList<string> Header => _header;

    public char? Separator => _reader.Spec.Sep.Separator;

    public RawRow? Next(bool materialize)
    {
        while (_reader.MoveNext())
        {
            var row = _reader.Current;
            if (IsBlank(row))
            {
                continue;
            }

            var index = _index++;
            var extra = false;
            for (var i = _header.Length; i < row.ColCount; i++)
            {
                extra |= !row[i].Span.IsWhiteSpace();
            }

            if (extra)
            {
                return new RawRow
                {
                    Index = index,
                    Line = row.LineNumberFrom,
                    Problem = $"the row has {row.ColCount} cells but the header has {_header.Length} columns (a separator or quote out of place?).",
                };
            }

            if (!materialize)
            {
                return new RawRow { Index = index, Line = row.LineNumberFrom };
            }

            var cells = new string[_header.Length];
            var count = Math.Min(row.ColCount, _header.Length);
            for (var i = 0; i < count; i++)
            {
                cells[i] = row[i].ToString();
            }

            for (var i = count; i < cells.Length; i++)
            {
                cells[i] = string.Empty;
            }

            return new RawRow { Index = index, Line = row.LineNumberFrom, Cells = cells };
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();

    private static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.IsWhiteSpace();
}

/// <summary>Reads whole lines of UTF-8 bytes (LF or CRLF), each at most <see cref="MaxValueBytes"/>.</summary>
internal abstract class JsonRowReader(Stream content) : IRowReader
{
    /// <summary>The largest event object read; a bigger one is a row problem (an event is a few kilobytes).</summary>
    public const int MaxValueBytes = 1 << 20;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _end;
    private bool _eof;
    private bool _filled;

    public IReadOnlyList<string> Header => [];

    public char? Separator => null;

    protected int Index { get; set; }

    /// <summary>The line of the byte at <see cref="_start"/>.</summary>
    protected int Line { get; set; } = 1;

    public abstract RawRow? Next(bool materialize);

    public void Dispose()
    {
        content.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    protected ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    protected bool AtEnd => _eof && _start == _end;

    protected void Consume(int count)
    {
        Line += _buffer.AsSpan(_start, count).Count((byte)'\n');
        _start += count;
    }

    /// <summary>Reads more bytes; false at the end of the file. Keeps what is buffered.</summary>
    protected bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = content.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        if (!_filled && _buffer.AsSpan(0, read).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            Buffer.BlockCopy(_buffer, 3, _buffer, 0, read - 3);
            read -= 3;
        }

        _filled = true;
        _end += read;
        return true;
    }

    protected static byte[] Copy(ReadOnlySpan<byte> value) => value.ToArray();
}

/// <summary>JSON Lines: one event object per line; blank lines are skipped.</summary>
internal sealed class JsonLinesRowReader(Stream content) : JsonRowReader(content)
{
    public override RawRow? Next(bool materialize)
    {
        while (true)
        {
            var newline = Buffered.IndexOf((byte)'\n');
            while (newline < 0 && !AtEnd)
            {
                if (Buffered.Length > MaxValueBytes)
                {
                    return SkipLongLine();
                }

                if (!Fill())
                {
                    break;
                }

                newline = Buffered.IndexOf((byte)'\n');
            }

            if (AtEnd)
            {
                return null;
            }

            var length = newline < 0 ? Buffered.Length : newline;
            var line = Buffered[..length].Trim("\r\t "u8);
            var lineNumber = Line;
            RawRow? row = null;
            if (!line.IsEmpty)
            {
                row = length > MaxValueBytes
                    ? new RawRow { Index = Index++, Line = lineNumber, Problem = TooLong }
                    : new RawRow { Index = Index++, Line = lineNumber, Json = materialize ? Copy(line) : null };
            }

            Consume(newline < 0 ? length : length + 1);
            if (row is not null)
            {
                return row;
            }
        }
    }

    private const string TooLong = "the line is longer than 1 MiB; an event object is a few kilobytes (is this a JSON Lines file?).";

    private RawRow SkipLongLine()
    {
        var row = new RawRow { Index = Index++, Line = Line, Problem = TooLong };
        while (true)
        {
            var newline = Buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Consume(newline + 1);
                return row;
            }

            Consume(Buffered.Length);
            if (!Fill())
            {
                return row;
            }
        }
    }
}

/// <summary>A JSON array of event objects, read item by item without holding the whole array.</summary>
internal sealed class JsonArrayRowReader(Stream content) : JsonRowReader(content)
{
    private bool _started;
    private bool _finished;

    public override RawRow? Next(bool materialize)
    {
        if (_finished)
        {
            return null;
        }

        if (!_started)
        {
            if (!SkipWhiteSpace() || Buffered[0] != (byte)'[')
            {
                _finished = true;
                return new RawRow { Index = Index++, Line = Line, Problem = "the file does not start with '[' (a JSON array of event objects)." };
            }

            Consume(1);
            _started = true;
        }

        if (!SkipWhiteSpace())
        {
            _finished = true;
            return new RawRow { Index = Index++, Line = Line, Problem = "the JSON array is not closed with ']' (the file is cut short?)." };
        }

        if (Buffered[0] == (byte)']')
        {
            _finished = true;
            return null;
        }

        if (Buffered[0] == (byte)',' && Index > 0)
        {
            Consume(1);
            if (!SkipWhiteSpace())
            {
                _finished = true;
                return null;
            }
        }

        var line = Line;
        var length = ValueLength();
        if (length < 0)
        {
            _finished = true;
            return new RawRow
            {
                Index = Index++,
                Line = line,
                Problem = length == -2 ? "the item is larger than 1 MiB; an event object is a few kilobytes." : "the JSON array ends inside an item (the file is cut short?).",
            };
        }

        var row = new RawRow { Index = Index++, Line = line, Json = materialize ? Copy(Buffered[..length]) : null };
        Consume(length);
        return row;
    }

    private bool SkipWhiteSpace()
    {
        while (true)
        {
            var span = Buffered;
            var skip = 0;
            while (skip < span.Length && span[skip] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                skip++;
            }

            Consume(skip);
            if (!Buffered.IsEmpty)
            {
                return true;
            }

            if (!Fill())
            {
                return false;
            }
        }
    }

    /// <summary>The length of the value at the start of the buffer (up to a ',' or ']' at its own level); -1 at a premature end, -2 when too large.</summary>
    private int ValueLength()
    {
        var depth = 0;
        var inString = false;
        var escaped = false;
        var position = 0;
        while (true)
        {
            var span = Buffered;
            for (; position < span.Length; position++)
            {
                var b = span[position];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (b == (byte)'\\')
                    {
                        escaped = true;
                    }
                    else if (b == (byte)'"')
                    {
                        inString = false;
                    }

                    continue;
                }

                switch (b)
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']' when depth > 0:
                        depth--;
                        break;
                    case (byte)',' or (byte)']' when depth == 0:
                        return span[..position].TrimEnd(" \t\r\n"u8).Length;
                }
            }

            if (position > MaxValueBytes)
            {
                return -2;
            }

            if (!Fill())
            {
                return -1;
            }
        }
    }
}
