using System.Security.Cryptography;
using System.Text;

namespace MetaCapi.Files;

/// <summary>
/// The <c>event_id</c> of a row that has none: <c>file-</c> and 24 hex digits of the SHA-256 of the row's mapped content,
/// so the same row sent again (from this file or another) gets the same ID and Meta deduplicates it. Identical rows in
/// one file are distinct events: the second gets <c>-2</c>, the third <c>-3</c>, in file order. Rows are fed in file
/// order by one thread. Memory: 8 bytes per distinct row (a 64-bit fingerprint in an open-addressing set), plus an
/// entry per repeated row.
/// </summary>
internal sealed class RowIdentity
{
    private const string Prefix = "file-";
    private const byte FieldSeparator = 0x1F;
    private const byte ValueSeparator = 0x1E;

    private readonly FingerprintSet _seen = new();
    private readonly Dictionary<ulong, int> _repeats = [];
    private byte[] _buffer = new byte[1024];

    /// <summary>The ID of a CSV row: its mapped cells, in column order, each with its field.</summary>
    public string ForCells(string[] cells, EventField?[] columns)
    {
        var length = 0;
        for (var i = 0; i < columns.Length && i < cells.Length; i++)
        {
            if (columns[i] is not { } field || cells[i].AsSpan().IsWhiteSpace())
            {
                continue;
            }

            Append(ref length, field.Path);
            Append(ref length, FieldSeparator);
            Append(ref length, cells[i].AsSpan().Trim());
            Append(ref length, ValueSeparator);
        }

        return Next(_buffer.AsSpan(0, length));
    }

    /// <summary>The ID of a JSON row: its bytes as written.</summary>
    public string ForJson(ReadOnlySpan<byte> json) => Next(json);

    private string Next(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        var fingerprint = BitConverter.ToUInt64(hash);
        var id = Prefix + Convert.ToHexStringLower(hash[..12]);
        if (_seen.Add(fingerprint))
        {
            return id;
        }

        var occurrence = _repeats.TryGetValue(fingerprint, out var count) ? count + 1 : 2;
        _repeats[fingerprint] = occurrence;
        return id + "-" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Append(ref int length, ReadOnlySpan<char> text)
    {
        Reserve(length, Encoding.UTF8.GetMaxByteCount(text.Length));
        length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(length));
    }

    private void Append(ref int length, byte value)
    {
        Reserve(length, 1);
        _buffer[length++] = value;
    }

    private void Reserve(int length, int more)
    {
        if (length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, length + more));
        }
    }

    /// <summary>A set of 64-bit fingerprints: open addressing, linear probing, 0 marks a free slot.</summary>
    private sealed class FingerprintSet
    {
        private ulong[] _slots = new ulong[1 << 12];
        private int _count;

        /// <summary>Adds it; false when it was already there.</summary>
        public bool Add(ulong fingerprint)
        {
            fingerprint = fingerprint == 0 ? 1 : fingerprint;
            if ((_count + 1) * 4 > _slots.Length * 3)
            {
                Grow();
            }

            if (!Insert(_slots, fingerprint))
            {
                return false;
            }

            _count++;
            return true;
        }

        private static bool Insert(ulong[] slots, ulong fingerprint)
        {
            var mask = slots.Length - 1;
            var slot = (int)(fingerprint & (ulong)mask);
            while (true)
            {
                var current = slots[slot];
                if (current == 0)
                {
                    slots[slot] = fingerprint;
                    return true;
                }

                if (current == fingerprint)
                {
                    return false;
                }

                slot = (slot + 1) & mask;
            }
        }

        private void Grow()
        {
            var bigger = new ulong[_slots.Length * 2];
            foreach (var fingerprint in _slots)
            {
                if (fingerprint != 0)
                {
                    Insert(bigger, fingerprint);
                }
            }

            _slots = bigger;
        }
    }
}
