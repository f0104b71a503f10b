using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text.Json;

namespace MetaCapi.Mcp.Protocol;

/// <summary>
/// The arguments of one <c>tools/call</c>, parsed once from their own copy of the message's bytes (see
/// <c>docs/architecture.md</c>, "The stdio transport"). The copy lives in a buffer kept for the next call, and the
/// parsed document's index comes from the shared array pool: both are given back when the tool has finished
/// (<see cref="Dispose"/>), so a batch of 1000 events does not allocate a megabyte of large objects per call. After that
/// any read of these values throws <see cref="ObjectDisposedException"/>; nothing may keep them (results copy what they show).
/// </summary>
internal sealed class ToolArguments : IReadOnlyDictionary<string, JsonElement>, IDisposable
{
    /// <summary>Buffers up to this size are kept for the next call (a batch of 1000 events is about 700 KB).</summary>
    public const int KeptBytes = 2 * 1024 * 1024;

    /// <summary>Arguments smaller than this get an array of their own size (small calls come many at a time).</summary>
    private const int SmallBytes = 64 * 1024;

    /// <summary>How many buffers are kept: calls that run at the same time each need one.</summary>
    private const int KeptBuffers = 4;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = ProtocolLimits.MaxDepth };
    private static readonly byte[]?[] Kept = new byte[KeptBuffers][];

    private readonly Dictionary<string, JsonElement> _values;
    private JsonDocument? _document;
    private byte[]? _buffer;

    private ToolArguments(JsonDocument document, byte[] buffer)
    {
        _document = document;
        _buffer = buffer;
        _values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            _values[property.Name] = property.Value;
        }
    }

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<JsonElement> Values => _values.Values;

    public JsonElement this[string key] => _values[key];

    /// <summary>Parses <paramref name="json"/> (a JSON object) from a copy of its bytes.</summary>
    /// <exception cref="JsonException">The bytes are not a JSON object within the depth limit.</exception>
    public static ToolArguments Parse(ReadOnlySpan<byte> json)
    {
        var buffer = Rent(json.Length);
        json.CopyTo(buffer);
        try
        {
            return new ToolArguments(JsonDocument.Parse(buffer.AsMemory(0, json.Length), DocumentOptions), buffer);
        }
        catch
        {
            Return(buffer);
            throw;
        }
    }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Gives the bytes and the document's index back; the values can no longer be read.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _document, null)?.Dispose();
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            Return(buffer);
        }
    }

    /// <summary>
    /// An array of its own for small arguments; else a kept buffer of at least <paramref name="length"/> bytes, or a new
    /// one (a power of two, so it serves the next calls of about the same size).
    /// </summary>
    private static byte[] Rent(int length)
    {
        if (length < SmallBytes)
        {
            return new byte[length];
        }

        if (length <= KeptBytes)
        {
            lock (Kept)
            {
                for (var i = 0; i < Kept.Length; i++)
                {
                    if (Kept[i] is { } kept && kept.Length >= length)
                    {
                        Kept[i] = null;
                        return kept;
                    }
                }
            }

            return new byte[(int)BitOperations.RoundUpToPowerOf2((uint)length)];
        }

        return new byte[length];
    }

    /// <summary>Keeps <paramref name="buffer"/> when it is not too large, in a free place or in place of a smaller one.</summary>
    private static void Return(byte[] buffer)
    {
        if (buffer.Length is < SmallBytes or > KeptBytes)
        {
            return;
        }

        lock (Kept)
        {
            var smallest = -1;
            for (var i = 0; i < Kept.Length; i++)
            {
                if (Kept[i] is null)
                {
                    Kept[i] = buffer;
                    return;
                }

                if (Kept[i]!.Length < buffer.Length && (smallest < 0 || Kept[i]!.Length < Kept[smallest]!.Length))
                {
                    smallest = i;
                }
            }

            if (smallest >= 0)
            {
                Kept[smallest] = buffer;
            }
        }
    }
}
