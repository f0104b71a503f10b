using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaCapi.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// What a transport hands a tool through the message's items: the problems found in the call's arguments before the
/// tool reads them (<see cref="McpTool{TResult}"/> rejects the call with an error at each path, so nothing altered is
/// ever sent), and the arguments themselves when the transport read them. The stdio transport finds the problems in
/// the message's bytes (<see cref="Protocol.MessageInspector"/>: repeated keys, bytes that are not UTF-8, unpaired
/// surrogates, …), reads the arguments once from those bytes, and marks the message inspected. For a message no transport has
/// inspected, this incoming message filter does what can still be done on the parsed message: JSON may carry an
/// unpaired UTF-16 surrogate as an escape (<c>"\ud83d"</c>, half of an emoji, as JavaScript's <c>JSON.stringify</c>
/// writes a string cut in the middle of one), which System.Text.Json refuses to read, so the MCP SDK would fail the
/// whole <c>tools/call</c> with its generic "An error occurred."; the filter replaces each such string with its text
/// repaired (U+FFFD for the lone surrogate) so the SDK can read the request, and reports its path.
/// </summary>
internal static class ArgumentTextGuard
{
    private const string ItemKey = "MetaCapi.Mcp.ArgumentProblems";
    private const string InspectedKey = "MetaCapi.Mcp.Inspected";
    private const string ArgumentsKey = "MetaCapi.Mcp.Arguments";

    /// <summary>
    /// Marks a message as inspected by its transport, with the problems found in its arguments, if any, and the
    /// arguments as the transport read them (then the message's own <c>params.arguments</c> is left empty).
    /// </summary>
    public static void MarkInspected(
        IDictionary<string, object?> items, IReadOnlyList<Diagnostic>? problems, IReadOnlyDictionary<string, JsonElement>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        items[InspectedKey] = true;
        if (problems is not null)
        {
            items[ItemKey] = problems;
        }

        if (arguments is not null)
        {
            items[ArgumentsKey] = arguments;
        }
    }

    /// <summary>The call's arguments as its transport read them, or null when they are in <c>params.arguments</c>.</summary>
    public static IReadOnlyDictionary<string, JsonElement>? ArgumentsOf(MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.JsonRpcMessage.Context?.Items is { } items && items.TryGetValue(ArgumentsKey, out var value)
            ? value as IReadOnlyDictionary<string, JsonElement>
            : null;
    }

    /// <summary>
    /// Gives back what the transport's reading of the arguments holds (<see cref="Protocol.ToolArguments"/>), once the
    /// tool has finished with them: their values can no longer be read.
    /// </summary>
    public static void Release(MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonRpcMessage.Context?.Items is { } items && items.TryGetValue(ArgumentsKey, out var value) && value is IDisposable owner)
        {
            items.Remove(ArgumentsKey);
            owner.Dispose();
        }
    }

    public static McpMessageFilter Filter { get; } = next => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall, Params: JsonObject parameters }
            && !context.Items.ContainsKey(InspectedKey))
        {
            var problems = new List<Diagnostic>();
            try
            {
                if (parameters.TryGetPropertyValue("arguments", out var arguments))
                {
                    var repaired = Repair(arguments, string.Empty, problems);
                    if (!ReferenceEquals(repaired, arguments))
                    {
                        parameters["arguments"] = repaired;
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // A name outside the arguments is broken: nothing to repair here; the SDK answers as it does.
            }

            if (problems.Count > 0)
            {
                context.Items[ItemKey] = problems;
            }
        }

        return next(context, cancellationToken);
    };

    /// <summary>Adds an error for each string the filter had to repair in this call's arguments.</summary>
    public static void Report(MessageContext context, Diagnostics diagnostics)
    {
        if (context.Items.TryGetValue(ItemKey, out var value) && value is IReadOnlyList<Diagnostic> problems)
        {
            foreach (var problem in problems)
            {
                diagnostics.Error(problem.Path, problem.Message);
            }
        }
    }

    /// <summary>The node itself when it is readable, else a readable copy; each repaired string is added to <paramref name="problems"/>.</summary>
    private static JsonNode? Repair(JsonNode? node, string path, List<Diagnostic> problems)
    {
        switch (node)
        {
            case JsonObject item:
                List<KeyValuePair<string, JsonNode?>> properties;
                try
                {
                    properties = [.. item];
                }
                catch (InvalidOperationException)
                {
                    var where = path.Length == 0 ? "arguments" : path;
                    problems.Add(new Diagnostic(where,
                        $"A parameter name in {where} is not valid Unicode text: it holds an unpaired UTF-16 surrogate (such as \\ud83d, half of an emoji). Use plain names.",
                        DiagnosticSeverity.Error));
                    return new JsonObject();
                }

                foreach (var (name, child) in properties)
                {
                    var repaired = Repair(child, path.Length == 0 ? name : $"{path}.{name}", problems);
                    if (!ReferenceEquals(repaired, child))
                    {
                        item[name] = repaired;
                    }
                }

                return item;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var repaired = Repair(child, $"{path}[{i}]", problems);
                    if (!ReferenceEquals(repaired, child))
                    {
                        array[i] = repaired;
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String:
                if (!JsonMarshal.GetRawUtf8Value(element).Contains((byte)'\\'))
                {
                    // Without escapes the text is the UTF-8 the reader already validated.
                    return value;
                }

                try
                {
                    _ = element.GetString();
                    return value;
                }
                catch (InvalidOperationException)
                {
                    problems.Add(new Diagnostic(path,
                        $"{path} is not valid Unicode text: it holds an unpaired UTF-16 surrogate (such as \\ud83d, half of an emoji, " +
                        "left when a string is cut in the middle of one). Send the whole character or remove it.",
                        DiagnosticSeverity.Error));
                    return JsonValue.Create(Unescape(element.GetRawText()));
                }

            default:
                return node;
        }
    }

    /// <summary>The text of a JSON string literal, with unpaired surrogates replaced by U+FFFD.</summary>
    private static string Unescape(string literal)
    {
        var text = new StringBuilder(literal.Length);
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            c = literal[++i];
            switch (c)
            {
                case 'b':
                    text.Append('\b');
                    break;
                case 'f':
                    text.Append('\f');
                    break;
                case 'n':
                    text.Append('\n');
                    break;
                case 'r':
                    text.Append('\r');
                    break;
                case 't':
                    text.Append('\t');
                    break;
                case 'u':
                    text.Append((char)Convert.ToUInt16(literal.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        // UTF-8's replacement fallback turns each unpaired surrogate into U+FFFD.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
