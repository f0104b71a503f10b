using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using MetaCapi.Input;
using MetaCapi.Validation;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Protocol;

/// <summary>What <see cref="MessageInspector"/> found in one message.</summary>
internal sealed class Inspection
{
    /// <summary>Nothing to report: the message goes on as it came.</summary>
    public static readonly Inspection Clean = new();

    /// <summary>When set, the message is not processed: it is answered with this JSON-RPC error (when it has an ID).</summary>
    public JsonRpcErrorDetail? Refusal { get; init; }

    /// <summary>The message's ID, for the answer to a refused message (null for a notification or when none is found).</summary>
    public RequestId? Id { get; init; }

    /// <summary>
    /// For a <c>tools/call</c>: what is wrong in its <c>arguments</c> (paths relative to them). The tool answers
    /// <c>rejected</c> with these errors, and nothing is sent.
    /// </summary>
    public IReadOnlyList<Diagnostic>? ArgumentProblems { get; init; }

    /// <summary>
    /// For a <c>tools/call</c> whose arguments are an object and need no repair: where they are in the message (the
    /// transport hands them to the tool as they are, and the SDK a message without them).
    /// </summary>
    public Range? Arguments { get; init; }

    /// <summary>
    /// The message with its arguments made readable (each bad string repaired with U+FFFD, each repeated or over-long
    /// key removed, <c>arguments</c> of the wrong kind replaced by <c>{}</c>), when <see cref="ArgumentProblems"/> is set.
    /// </summary>
    public byte[]? Repaired { get; init; }
}

/// <summary>
/// One forward pass over the bytes of a JSON-RPC message before the MCP SDK reads it, for what the SDK would otherwise
/// turn into its generic "An error occurred." or silently accept: a key given twice (one value would be dropped), text
/// that is not valid UTF-8 (it would become U+FFFD and be hashed and sent), an unpaired UTF-16 surrogate escape
/// (JSON.stringify's half emoji, which the SDK cannot read), <c>params</c> or <c>arguments</c> of the wrong kind, a
/// missing or non-string tool name, property names longer than <see cref="InputLimits.Name"/>. Problems inside the
/// arguments of a <c>tools/call</c> become the tool's <c>rejected</c> result (the message is repaired so the SDK can
/// route it); any other problem is a JSON-RPC error with a specific message (see <c>docs/architecture.md</c>).
/// </summary>
/// <remarks>
/// Cheap on the usual path: a valid message is one <see cref="Utf8JsonReader"/> pass with no allocation beyond a
/// small reused state; per-string UTF-8 checks run only when the message as a whole is not valid UTF-8, surrogate
/// checks only on strings with escapes, and paths are built only for a problem.
/// </remarks>
internal static class MessageInspector
{
    /// <summary>
    /// Up to this many keys of one object are compared one by one (by a hash of their bytes first, so an event's dozen
    /// keys cost a few integer comparisons); past it a set is used, so an object of many keys stays linear.
    /// </summary>
    private const int CompareLimit = 64;

    [ThreadStatic]
    private static Walk? t_walk;

    /// <summary>Inspects one message (one line of stdio, without its line break).</summary>
    public static Inspection Inspect(ReadOnlyMemory<byte> message)
    {
        var walk = t_walk ??= new Walk();
        try
        {
            return walk.Run(message);
        }
        finally
        {
            walk.Reset();
        }
    }

    /// <summary>Where a value sits in the message.</summary>
    private enum Zone
    {
        /// <summary>A member of the message object (<c>jsonrpc</c>, <c>id</c>, <c>method</c>, <c>params</c>).</summary>
        Envelope,

        /// <summary>A member of <c>params</c> (<c>name</c>, <c>arguments</c>, <c>_meta</c>).</summary>
        Params,

        /// <summary>Inside <c>params.arguments</c>.</summary>
        Arguments,

        /// <summary>Anywhere else inside <c>params</c> (such as <c>_meta</c>).</summary>
        InParams,

        /// <summary>Anywhere else (a client's result or error object).</summary>
        Other,
    }

    private struct Frame
    {
        public bool IsObject;
        public Zone Zone;
        public int Index;
        public int Name;
        public int NamesStart;
        public long LastEnd;
        public bool DroppedFirst;
        public int Members;
        public HashSet<string>? Seen;
    }

    private struct NameRef
    {
        public int Start;
        public int Length;
        public int Hash;
        public byte[]? Decoded;
    }

    private readonly record struct Problem(Zone Zone, string Path, string Message);

    private readonly record struct Edit(long Start, long End, byte[] Replacement);

    private sealed class Walk
    {
        private static readonly byte[] EmptyObject = "{}"u8.ToArray();
        private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = ProtocolLimits.MaxDepth };

        private readonly Frame[] _frames = new Frame[ProtocolLimits.MaxDepth + 1];
        private NameRef[] _names = new NameRef[64];
        private int _nameCount;
        private int _depth;
        private List<Problem>? _problems;
        private List<Edit>? _edits;
        private string? _envelopeProblem;
        private string? _duplicateEnvelopeKey;
        private long _idStart = -1;
        private long _idEnd;
        private string? _method;
        private JsonTokenType _paramsKind = JsonTokenType.None;
        private JsonTokenType _nameKind = JsonTokenType.None;
        private bool _nameProblem;
        private long _argumentsStart = -1;
        private long _argumentsEnd = -1;
        private bool _validUtf8;
        private ReadOnlyMemory<byte> _message;

        public void Reset()
        {
            _message = default;
            for (var i = 0; i <= _depth && i < _frames.Length; i++)
            {
                _frames[i] = default;
            }

            Array.Clear(_names, 0, _nameCount);
            if (_names.Length > 1024)
            {
                _names = new NameRef[64];
            }

            _nameCount = 0;
            _depth = 0;
            _problems = null;
            _edits = null;
            _envelopeProblem = null;
            _duplicateEnvelopeKey = null;
            _idStart = -1;
            _idEnd = 0;
            _method = null;
            _paramsKind = JsonTokenType.None;
            _nameKind = JsonTokenType.None;
            _nameProblem = false;
            _argumentsStart = -1;
            _argumentsEnd = -1;
        }

        public Inspection Run(ReadOnlyMemory<byte> memory)
        {
            _message = memory;
            var message = memory.Span;
            _validUtf8 = Utf8.IsValid(message);
            var reader = new Utf8JsonReader(message, ReaderOptions);
            try
            {
                if (!reader.Read())
                {
                    return Refuse(McpErrorCode.ParseError, "Parse error: the message is empty.", message);
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Refuse(McpErrorCode.InvalidRequest,
                        reader.TokenType == JsonTokenType.StartArray
                            ? "Invalid request: JSON-RPC batches (arrays of messages) are not supported; send one message per line."
                            : "Invalid request: a JSON-RPC message is a JSON object.",
                        message);
                }

                _frames[0] = new Frame { IsObject = true, Zone = Zone.Envelope, Name = -1, LastEnd = reader.BytesConsumed };
                while (reader.Read())
                {
                    Step(ref reader);
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException)
            {
                var detail = _depth >= ProtocolLimits.MaxDepth - 1
                    ? $"Parse error: the message is nested deeper than {ProtocolLimits.MaxDepth} levels."
                    : $"Parse error: the message is not valid JSON (at byte {reader.BytesConsumed.ToString(CultureInfo.InvariantCulture)}).";
                return Refuse(McpErrorCode.ParseError, detail, message);
            }

            return Decide(message);
        }

        private void Step(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    OnName(ref reader);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var zone = OnValue(ref reader);
                    if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                    {
                        EndMember(ref reader); // replaced by {} and skipped
                        break;
                    }

                    if (zone == Zone.Arguments && _frames[_depth].Zone == Zone.Params)
                    {
                        _argumentsStart = reader.TokenStartIndex;
                    }

                    _depth++;
                    _frames[_depth] = new Frame
                    {
                        IsObject = reader.TokenType == JsonTokenType.StartObject,
                        Zone = zone,
                        Name = -1,
                        NamesStart = _nameCount,
                        LastEnd = reader.BytesConsumed,
                    };
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (_depth == 0)
                    {
                        break; // the end of the message
                    }

                    if (_frames[_depth].Zone == Zone.Arguments && _frames[_depth - 1].Zone == Zone.Params)
                    {
                        _argumentsEnd = reader.BytesConsumed;
                    }

                    _nameCount = _frames[_depth].NamesStart;
                    _frames[_depth] = default;
                    _depth--;
                    EndMember(ref reader);
                    break;
                default:
                    OnValue(ref reader);
                    EndMember(ref reader);
                    break;
            }
        }

        /// <summary>After a member's value: remember where it ended (for removing the next one), count array items.</summary>
        private void EndMember(ref Utf8JsonReader reader)
        {
            ref var parent = ref _frames[_depth];
            parent.LastEnd = reader.BytesConsumed;
            if (!parent.IsObject)
            {
                parent.Index++;
            }
        }

        private void OnName(ref Utf8JsonReader reader)
        {
            ref var frame = ref _frames[_depth];
            var start = reader.TokenStartIndex;
            var raw = reader.ValueSpan;
            var zone = frame.Zone;
            var inArguments = zone == Zone.Arguments;

            // A long name in the arguments is reported without being repeated, and removed with its value.
            if (inArguments && IsLongName(ref reader))
            {
                AddProblem(zone, ParentPath(), $"{ParentLabel()} has a parameter name longer than {InputLimits.Name} characters; names are " +
                    "Meta's keys, a few characters long (the name is not repeated here).");
                DropMember(ref reader, ref frame, start);
                return;
            }

            if (raw.Length > 4 * InputLimits.Name && !inArguments)
            {
                // Outside the arguments a long name is no one's concern but the SDK's; it is not compared.
                frame.Name = -1;
                frame.Members++;
                return;
            }

            if (frame.DroppedFirst)
            {
                // The member before was the object's first and was removed: remove the comma before this one.
                AddEdit(frame.LastEnd, start, []);
                frame.DroppedFirst = false;
            }

            var name = AddName(ref reader);
            if (IsDuplicate(ref frame, name))
            {
                var path = PathWith(name);
                if (zone == Zone.Envelope)
                {
                    _duplicateEnvelopeKey ??= NameText(name);
                }
                else if (zone == Zone.Params && NameIs(name, "arguments"u8))
                {
                    AddProblem(Zone.Arguments, "arguments", "arguments is given twice; send the arguments once, as one object.");
                }
                else if (zone == Zone.Params && NameIs(name, "name"u8))
                {
                    _nameProblem = true;
                }
                else
                {
                    AddProblem(zone, path,
                        $"{path} is given twice; each parameter may appear once (one of the values would be silently dropped).");
                }

                _nameCount--;
                DropMember(ref reader, ref frame, start);
                return;
            }

            frame.Name = name;
            frame.Members++;
            if (!_validUtf8 && !Utf8.IsValid(raw))
            {
                AddProblem(zone, ParentPath(),
                    $"A parameter name in {ParentLabel()} is not valid UTF-8 text (it holds bytes that encode no character); use plain names.");
                AddEdit(start + 1, start + 1 + raw.Length, RepairText(raw, reader.ValueIsEscaped));
            }
            else if (reader.ValueIsEscaped && HasLoneSurrogate(raw))
            {
                AddProblem(zone, ParentPath(),
                    $"A parameter name in {ParentLabel()} is not valid Unicode text: it holds an unpaired UTF-16 surrogate (such as \\ud83d, half of an emoji). Use plain names.");
                AddEdit(start + 1, start + 1 + raw.Length, RepairText(raw, escaped: true));
            }
        }

        /// <summary>Checks a value where it starts; returns the zone of what it contains (for an object or array).</summary>
        private Zone OnValue(ref Utf8JsonReader reader)
        {
            ref var parent = ref _frames[_depth];
            var zone = parent.Zone;
            var token = reader.TokenType;
            var inner = zone is Zone.Envelope or Zone.Params ? Zone.Other : zone;

            if (zone == Zone.Envelope && parent.Name >= 0)
            {
                inner = Zone.Other;
                var name = parent.Name;
                if (NameIs(name, "jsonrpc"u8))
                {
                    if (token != JsonTokenType.String || !reader.ValueTextEquals("2.0"u8))
                    {
                        _envelopeProblem ??= "\"jsonrpc\" must be \"2.0\"";
                    }
                }
                else if (NameIs(name, "id"u8))
                {
                    if (token is JsonTokenType.String or JsonTokenType.Number)
                    {
                        _idStart = reader.TokenStartIndex;
                        _idEnd = reader.BytesConsumed;
                    }

                    if (token == JsonTokenType.Number ? !reader.TryGetInt64(out _) : token != JsonTokenType.String)
                    {
                        _envelopeProblem ??= "\"id\" must be a string or an integer";
                    }
                }
                else if (NameIs(name, "method"u8))
                {
                    if (token != JsonTokenType.String || reader.ValueSpan.Length > 256 || (!_validUtf8 && !Utf8.IsValid(reader.ValueSpan))
                        || (reader.ValueIsEscaped && HasLoneSurrogate(reader.ValueSpan)))
                    {
                        _envelopeProblem ??= "\"method\" must be a string naming a method, such as \"tools/call\"";
                    }
                    else
                    {
                        _method = reader.GetString();
                    }
                }
                else if (NameIs(name, "params"u8))
                {
                    _paramsKind = token;
                    inner = Zone.Params;
                }
            }
            else if (zone == Zone.Params && parent.Name >= 0)
            {
                inner = Zone.InParams;
                if (NameIs(parent.Name, "name"u8))
                {
                    _nameKind = token;
                }
                else if (NameIs(parent.Name, "arguments"u8))
                {
                    if (token == JsonTokenType.StartObject)
                    {
                        inner = Zone.Arguments;
                    }
                    else if (token != JsonTokenType.Null)
                    {
                        // Replaced by {} so the call still reaches the tool, which answers with this problem.
                        AddProblem(Zone.Arguments, "arguments",
                            $"arguments must be an object of named parameters (such as {{\"pixel_id\": \"…\", \"event_name\": \"Purchase\", …}}), but got {Describe(token)}.");
                        var start = reader.TokenStartIndex;
                        reader.Skip();
                        AddEdit(start, reader.BytesConsumed, EmptyObject);
                        return inner;
                    }
                }
            }

            if (token == JsonTokenType.String)
            {
                CheckString(ref reader, zone);
            }

            return inner;
        }

        private void CheckString(ref Utf8JsonReader reader, Zone zone)
        {
            var raw = reader.ValueSpan;
            string? problem = null;
            if (!_validUtf8 && !Utf8.IsValid(raw))
            {
                problem = "is not valid UTF-8 text: it holds bytes that encode no character (such as C0 AF or a lone FF). " +
                          "Send the text encoded as UTF-8.";
            }
            else if (reader.ValueIsEscaped && HasLoneSurrogate(raw))
            {
                problem = "is not valid Unicode text: it holds an unpaired UTF-16 surrogate (such as \\ud83d, half of an emoji, " +
                          "left when a string is cut in the middle of one). Send the whole character or remove it.";
            }

            if (problem is null)
            {
                return;
            }

            var path = ValuePath();
            AddProblem(zone, path, $"{(path.Length == 0 ? "A value" : path)} {problem}");
            var start = reader.TokenStartIndex + 1;
            AddEdit(start, start + raw.Length, RepairText(raw, reader.ValueIsEscaped));
        }

        private Inspection Decide(ReadOnlySpan<byte> message)
        {
            if (_duplicateEnvelopeKey is { } key)
            {
                return Refuse(McpErrorCode.InvalidRequest, $"Invalid request: the message has the key \"{Shown(key)}\" twice.", message);
            }

            if (_envelopeProblem is { } envelope)
            {
                return Refuse(McpErrorCode.InvalidRequest, $"Invalid request: {envelope}.", message);
            }

            var method = _method ?? "(no method)";
            if (_paramsKind is not (JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.Null))
            {
                return Refuse(McpErrorCode.InvalidParams,
                    $"Invalid params: the params of {method} must be an object of named parameters, but got {Describe(_paramsKind)}.", message);
            }

            if (_method is null)
            {
                return Inspection.Clean; // a client's answer to a request of ours: nothing here depends on its content
            }

            var isToolCall = string.Equals(_method, RequestMethods.ToolsCall, StringComparison.Ordinal);
            if (isToolCall && (_nameKind != JsonTokenType.String || _nameProblem))
            {
                return Refuse(McpErrorCode.InvalidParams,
                    _nameProblem
                        ? "Invalid params: params.name is given twice; name one tool."
                        : _nameKind == JsonTokenType.None || _paramsKind != JsonTokenType.StartObject
                            ? "Invalid params: tools/call needs params.name, the name of the tool to call (tools/list lists them)."
                            : $"Invalid params: params.name must be a string, the name of the tool to call (tools/list lists them), but got {Describe(_nameKind)}.",
                    message);
            }

            if (_problems is null)
            {
                return isToolCall && _argumentsStart >= 0 && _argumentsEnd > _argumentsStart
                    ? new Inspection { Arguments = new Range((int)_argumentsStart, (int)_argumentsEnd) }
                    : Inspection.Clean;
            }

            // A problem outside a tool's arguments (in _meta, or in the params of another method) is the request's.
            foreach (var problem in _problems)
            {
                if (problem.Zone != Zone.Arguments || !isToolCall)
                {
                    return Refuse(McpErrorCode.InvalidParams, $"Invalid params: {Relative(problem)}", message);
                }
            }

            var problems = new List<Diagnostic>(_problems.Count);
            foreach (var problem in _problems)
            {
                problems.Add(new Diagnostic(problem.Path.Length == 0 ? "arguments" : problem.Path, problem.Message, DiagnosticSeverity.Error));
            }

            return new Inspection { ArgumentProblems = problems, Repaired = Apply(message) };
        }

        private static string Relative(Problem problem) =>
            problem.Zone == Zone.Arguments && !problem.Message.StartsWith("arguments", StringComparison.Ordinal)
                ? $"in params.arguments, {problem.Message}"
                : problem.Message;

        private Inspection Refuse(McpErrorCode code, string message, ReadOnlySpan<byte> json)
        {
            RequestId? id = null;
            if (_idStart >= 0 && IdScanner.TryParseId(json[(int)_idStart..(int)_idEnd], out var parsed))
            {
                id = parsed;
            }
            else if (_idStart < 0)
            {
                // Not read this far (a parse error): look for the ID the way a too-long message is searched.
                var scanner = new IdScanner();
                scanner.Feed(json);
                id = scanner.Id;
            }

            return new Inspection { Refusal = new JsonRpcErrorDetail { Code = (int)code, Message = message }, Id = id };
        }

        private byte[] Apply(ReadOnlySpan<byte> message)
        {
            if (_edits is not { Count: > 0 } edits)
            {
                return message.ToArray();
            }

            edits.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            var output = new ArrayBufferWriter<byte>(message.Length + 64);
            long position = 0;
            foreach (var edit in edits)
            {
                if (edit.Start < position)
                {
                    continue; // inside a part already removed
                }

                output.Write(message[(int)position..(int)edit.Start]);
                output.Write(edit.Replacement);
                position = edit.End;
            }

            output.Write(message[(int)position..]);
            return output.WrittenSpan.ToArray();
        }

        /// <summary>Removes the member whose name was just read, with its value (and the comma that belongs to it).</summary>
        private void DropMember(ref Utf8JsonReader reader, ref Frame frame, long nameStart)
        {
            reader.Skip();
            if (frame.Members == 0 && !frame.DroppedFirst)
            {
                AddEdit(nameStart, reader.BytesConsumed, []);
                frame.DroppedFirst = true;
            }
            else
            {
                AddEdit(frame.LastEnd, reader.BytesConsumed, []);
            }

            frame.LastEnd = reader.BytesConsumed;
            frame.Name = -1;
        }

        private static bool IsLongName(ref Utf8JsonReader reader)
        {
            var raw = reader.ValueSpan;
            if (raw.Length <= InputLimits.Name)
            {
                return false;
            }

            if (raw.Length > 6 * InputLimits.Name)
            {
                return true;
            }

            return (reader.ValueIsEscaped ? reader.GetString()!.Length : Encoding.UTF8.GetCharCount(raw)) > InputLimits.Name;
        }

        private int AddName(ref Utf8JsonReader reader)
        {
            if (_nameCount == _names.Length)
            {
                Array.Resize(ref _names, _names.Length * 2);
            }

            ref var name = ref _names[_nameCount];
            var raw = reader.ValueSpan;
            if (reader.ValueIsEscaped)
            {
                var decoded = new byte[raw.Length];
                int written;
                try
                {
                    written = reader.CopyString(decoded);
                }
                catch (InvalidOperationException)
                {
                    // A lone surrogate: the name is compared as written.
                    decoded = raw.ToArray();
                    written = decoded.Length;
                }

                name = new NameRef { Decoded = decoded[..written] };
            }
            else
            {
                name = new NameRef { Start = (int)reader.TokenStartIndex + 1, Length = raw.Length };
            }

            var hash = default(HashCode);
            hash.AddBytes(name.Decoded ?? raw);
            name.Hash = hash.ToHashCode();
            return _nameCount++;
        }

        private bool IsDuplicate(ref Frame frame, int name)
        {
            if (frame.Seen is { } seen)
            {
                return !seen.Add(NameText(name));
            }

            var bytes = NameBytes(name);
            var hash = _names[name].Hash;
            for (var i = frame.NamesStart; i < name; i++)
            {
                if (_names[i].Hash == hash && NameBytes(i).SequenceEqual(bytes))
                {
                    return true;
                }
            }

            if (name - frame.NamesStart >= CompareLimit)
            {
                frame.Seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = frame.NamesStart; i <= name; i++)
                {
                    frame.Seen.Add(NameText(i));
                }
            }

            return false;
        }

        private ReadOnlySpan<byte> NameBytes(int index)
        {
            var name = _names[index];
            return name.Decoded ?? _message.Span.Slice(name.Start, name.Length);
        }

        private string NameText(int index) => Encoding.UTF8.GetString(NameBytes(index));

        private bool NameIs(int index, ReadOnlySpan<byte> text) => NameBytes(index).SequenceEqual(text);

        /// <summary>The path of the value being read: inside the arguments relative to them (<c>user_data.em</c>), else from the message (<c>params._meta.x</c>).</summary>
        private string ValuePath() => BuildPath(_depth + 1);

        /// <summary>The path of the object whose member is being read.</summary>
        private string ParentPath() => BuildPath(_depth);

        private string ParentLabel()
        {
            var path = ParentPath();
            return path.Length > 0 ? path : _frames[_depth].Zone == Zone.Arguments ? "arguments" : "the message";
        }

        private string PathWith(int name)
        {
            var parent = ParentPath();
            var text = Shown(NameText(name));
            return parent.Length == 0 ? text : parent + "." + text;
        }

        /// <summary>The path made of the keys and indexes of the first <paramref name="levels"/> containers.</summary>
        private string BuildPath(int levels)
        {
            var argumentsOnly = _frames[_depth].Zone == Zone.Arguments;
            var path = new StringBuilder();
            for (var level = 0; level < levels; level++)
            {
                ref var frame = ref _frames[level];
                if (argumentsOnly && frame.Zone != Zone.Arguments)
                {
                    continue;
                }

                if (!frame.IsObject)
                {
                    path.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
                else if (frame.Name >= 0)
                {
                    if (path.Length > 0)
                    {
                        path.Append('.');
                    }

                    path.Append(Shown(NameText(frame.Name)));
                }
            }

            return path.ToString();
        }

        private void AddProblem(Zone zone, string path, string message) => (_problems ??= []).Add(new Problem(zone, path, message));

        private void AddEdit(long start, long end, byte[] replacement) => (_edits ??= []).Add(new Edit(start, end, replacement));
    }

    private static string Shown(string name) => name.Length <= InputLimits.Name ? name : "…";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        _ => "nothing",
    };

    /// <summary>Whether the raw (escaped) text of a JSON string holds a <c>\uD800</c>–<c>\uDFFF</c> escape without its pair.</summary>
    private static bool HasLoneSurrogate(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            if (i + 1 < raw.Length && raw[i + 1] == (byte)'u' && TryHex(raw, i + 2, out var unit))
            {
                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    if (i + 11 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u'
                        && TryHex(raw, i + 8, out var low) && low is >= 0xDC00 and <= 0xDFFF)
                    {
                        i += 11;
                        continue;
                    }

                    return true;
                }

                if (unit is >= 0xDC00 and <= 0xDFFF)
                {
                    return true;
                }

                i += 5;
            }
            else
            {
                i++;
            }
        }

        return false;
    }

    /// <summary>
    /// The raw text of a JSON string with every byte sequence that is not UTF-8 replaced by U+FFFD, and (when escaped)
    /// every unpaired surrogate escape by <c>\ufffd</c>.
    /// </summary>
    private static byte[] RepairText(ReadOnlySpan<byte> raw, bool escaped)
    {
        var output = new ArrayBufferWriter<byte>(raw.Length + 16);
        var i = 0;
        while (i < raw.Length)
        {
            if (escaped && raw[i] == (byte)'\\' && i + 1 < raw.Length)
            {
                if (raw[i + 1] == (byte)'u' && TryHex(raw, i + 2, out var unit))
                {
                    if (unit is >= 0xD800 and <= 0xDBFF && i + 11 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u'
                        && TryHex(raw, i + 8, out var low) && low is >= 0xDC00 and <= 0xDFFF)
                    {
                        output.Write(raw.Slice(i, 12));
                        i += 12;
                    }
                    else if (unit is >= 0xD800 and <= 0xDFFF)
                    {
                        output.Write("\\ufffd"u8);
                        i += 6;
                    }
                    else
                    {
                        output.Write(raw.Slice(i, 6));
                        i += 6;
                    }
                }
                else
                {
                    output.Write(raw.Slice(i, 2));
                    i += 2;
                }

                continue;
            }

            var status = Rune.DecodeFromUtf8(raw[i..], out _, out var consumed);
            output.Write(status == OperationStatus.Done ? raw.Slice(i, consumed) : "\uFFFD"u8);
            i += Math.Max(consumed, 1);
        }

        return output.WrittenSpan.ToArray();
    }

    private static bool TryHex(ReadOnlySpan<byte> raw, int start, out int value)
    {
        value = 0;
        return start + 4 <= raw.Length && Utf8Parser.TryParse(raw.Slice(start, 4), out value, out var consumed, 'X') && consumed == 4;
    }
}
