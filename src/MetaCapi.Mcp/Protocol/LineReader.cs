namespace MetaCapi.Mcp.Protocol;

/// <summary>What <see cref="LineReader.Next"/> found.</summary>
internal enum LineKind
{
    /// <summary>A line of at most the maximum length, without its line break.</summary>
    Line,

    /// <summary>A line longer than the maximum: skipped without being kept; <see cref="Line.Length"/> and the ID found are reported.</summary>
    Oversized,

    /// <summary>The end of the input.</summary>
    End,
}

/// <summary>One result of <see cref="LineReader.Next"/>.</summary>
/// <param name="Kind">Line, oversized line or end of input.</param>
/// <param name="Bytes">The line's bytes (for <see cref="LineKind.Line"/>), valid until the next call.</param>
/// <param name="Length">The line's length in bytes (also for an oversized line).</param>
/// <param name="Scanner">For an oversized line: the request ID and method found while skipping it.</param>
internal readonly record struct Line(LineKind Kind, ReadOnlyMemory<byte> Bytes, long Length, IdScanner? Scanner);

/// <summary>
/// Splits a byte stream into lines (<c>\n</c>, an optional <c>\r</c> before it is dropped) of at most a maximum length.
/// A longer line is read through in chunks and dropped, never held whole: only its length and its top-level
/// <c>id</c> and <c>method</c> (for the answer) are kept. The buffer grows with the longest line read and is kept up to
/// <see cref="KeptBytes"/> (a batch of 1000 events is about 700 KB: growing a buffer for each would allocate 2 MB
/// of large objects per call); a larger one shrinks back once its line has been handed out, so a burst of large messages
/// leaves no large buffer behind.
/// Synchronous: it runs on the transport's own reading thread.
/// </summary>
internal sealed class LineReader(Stream input, int maxLineBytes)
{
    /// <summary>The buffer's usual size, and the size of each read.</summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>A buffer up to this size is kept for the next line; a larger one is let go after its line.</summary>
    public const int KeptBytes = 2 * 1024 * 1024;

    private byte[] _buffer = new byte[ChunkBytes];
    private int _start;
    private int _end;
    private bool _endOfInput;

    /// <summary>Reads the next line; the bytes of the previous one are no longer valid.</summary>
    public Line Next()
    {
        ShrinkAfterLargeLine();
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                _start += length + 1;
                return length > maxLineBytes ? Oversized(line) : Complete(line);
            }

            scanned = _end - _start;
            if (scanned > maxLineBytes)
            {
                return SkipOversized();
            }

            if (_endOfInput)
            {
                if (_end == _start)
                {
                    return new Line(LineKind.End, default, 0, null);
                }

                var last = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                _start = _end;
                return Complete(last);
            }

            MakeRoom();
            var read = input.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfInput = true;
            }
            else
            {
                _end += read;
            }
        }
    }

    private static Line Complete(ReadOnlyMemory<byte> line)
    {
        if (line.Length > 0 && line.Span[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return new Line(LineKind.Line, line, line.Length, null);
    }

    /// <summary>A line too long that happens to be in the buffer whole (it ended within the last chunk read).</summary>
    private static Line Oversized(ReadOnlyMemory<byte> line)
    {
        var scanner = new IdScanner();
        scanner.Feed(line.Span);
        return new Line(LineKind.Oversized, default, line.Length, scanner);
    }

    /// <summary>Reads through the rest of a line that is too long, feeding it to an <see cref="IdScanner"/> and dropping it.</summary>
    private Line SkipOversized()
    {
        var scanner = new IdScanner();
        scanner.Feed(_buffer.AsSpan(_start, _end - _start));
        long length = _end - _start;
        _start = _end = 0;
        if (_buffer.Length > ChunkBytes)
        {
            _buffer = new byte[ChunkBytes];
        }

        while (!_endOfInput)
        {
            var read = input.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _endOfInput = true;
                break;
            }

            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                scanner.Feed(_buffer.AsSpan(0, newline));
                length += newline;
                _start = newline + 1;
                _end = read;
                break;
            }

            scanner.Feed(_buffer.AsSpan(0, read));
            length += read;
        }

        return new Line(LineKind.Oversized, default, length, scanner);
    }

    /// <summary>Makes room at the end of the buffer: moves the unread bytes to the front, or doubles the buffer.</summary>
    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        var unread = _end - _start;
        if (_start > 0 && unread <= _buffer.Length / 2)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        }
        else
        {
            // Never more than one chunk beyond the longest line accepted: a longer one is detected before it fits.
            var grown = new byte[Math.Min((long)_buffer.Length * 2, (long)maxLineBytes + ChunkBytes + 1)];
            Buffer.BlockCopy(_buffer, _start, grown, 0, unread);
            _buffer = grown;
        }

        _start = 0;
        _end = unread;
    }

    /// <summary>Returns to a small buffer once a line larger than <see cref="KeptBytes"/> has been handed out (the large one is left to the GC).</summary>
    private void ShrinkAfterLargeLine()
    {
        var unread = _end - _start;
        if (_buffer.Length > KeptBytes && unread <= ChunkBytes / 2)
        {
            var small = new byte[ChunkBytes];
            Buffer.BlockCopy(_buffer, _start, small, 0, unread);
            _buffer = small;
            _start = 0;
            _end = unread;
        }
    }
}
