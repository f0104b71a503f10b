using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Protocol;

/// <summary>
/// Finds the top-level <c>id</c> and <c>method</c> of a message that is not read as JSON (too long, or not valid
/// JSON), fed in chunks and keeping only those two values, so it can still be answered. A state machine over the
/// bytes: it follows strings and nesting, and captures the value of those two keys at the top level only.
/// </summary>
internal sealed class IdScanner
{
    private const int MaxCapture = 256;

    private readonly byte[] _key = new byte[8];
    private readonly byte[] _value = new byte[MaxCapture];
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _expectKey;
    private bool _inKey;
    private int _keyLength;
    private Capture _capturing;
    private int _valueLength;
    private byte[]? _id;
    private byte[]? _method;

    private enum Capture
    {
        None,
        Id,
        Method,
    }

    /// <summary>The request ID, when one was found and is a string or an integer.</summary>
    public RequestId? Id => _id is { } raw && TryParseId(raw, out var id) ? id : null;

    /// <summary>The method, when one was found.</summary>
    public string? Method
    {
        get
        {
            if (_method is null)
            {
                return null;
            }

            try
            {
                var reader = new Utf8JsonReader(_method);
                return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Reads a request ID written as JSON (a string or an integer), as the MCP SDK accepts them.</summary>
    public static bool TryParseId(ReadOnlySpan<byte> json, out RequestId id)
    {
        id = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    id = new RequestId(reader.GetString()!);
                    return true;
                case JsonTokenType.Number when reader.TryGetInt64(out var number):
                    id = new RequestId(number);
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Feeds the next bytes of the message.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_inString)
            {
                Keep(b);
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                    if (_inKey)
                    {
                        _inKey = false;
                        _keyLength--; // the closing quote
                    }
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    if (_depth == 1 && _expectKey)
                    {
                        _inKey = true;
                        _keyLength = 0;
                    }
                    else
                    {
                        Keep(b);
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    Keep(b);
                    _depth++;
                    if (_depth == 1)
                    {
                        _expectKey = b == (byte)'{';
                    }

                    break;
                case (byte)'}' or (byte)']':
                    if (_depth == 1)
                    {
                        EndValue();
                    }

                    _depth--;
                    Keep(b);
                    break;
                case (byte)':' when _depth == 1:
                    _expectKey = false;
                    _capturing = KeyIs("id"u8) ? Capture.Id : KeyIs("method"u8) ? Capture.Method : Capture.None;
                    _valueLength = 0;
                    break;
                case (byte)',' when _depth == 1:
                    EndValue();
                    _expectKey = true;
                    break;
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    break;
                default:
                    Keep(b);
                    break;
            }
        }
    }

    private bool KeyIs(ReadOnlySpan<byte> name) => _keyLength == name.Length && _key.AsSpan(0, _keyLength).SequenceEqual(name);

    private void Keep(byte b)
    {
        if (_inKey)
        {
            if (_keyLength < _key.Length)
            {
                _key[_keyLength] = b;
            }

            _keyLength++;
        }
        else if (_capturing != Capture.None && _depth >= 1)
        {
            if (_valueLength < _value.Length)
            {
                _value[_valueLength] = b;
            }

            _valueLength++;
        }
    }

    private void EndValue()
    {
        if (_capturing != Capture.None && _valueLength is > 0 and <= MaxCapture)
        {
            var value = _value.AsSpan(0, _valueLength).ToArray();
            if (_capturing == Capture.Id)
            {
                _id = value;
            }
            else
            {
                _method = value;
            }
        }

        _capturing = Capture.None;
        _valueLength = 0;
    }
}
