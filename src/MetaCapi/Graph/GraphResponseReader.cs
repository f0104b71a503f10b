using System.Text.Json;

namespace MetaCapi.Graph;

/// <summary>What kind of body an answer had.</summary>
internal enum GraphBodyKind
{
    /// <summary>No bytes, or only white space.</summary>
    Empty,

    /// <summary>Not valid JSON (an HTML page, truncated JSON, ...).</summary>
    NotJson,

    /// <summary>Valid JSON, but not an object.</summary>
    NotObject,

    /// <summary>A JSON object.</summary>
    Object,
}

/// <summary>The fields of a Graph answer this library reports, read leniently: a field of the wrong type is absent.</summary>
internal sealed record GraphBody
{
    public required GraphBodyKind Kind { get; init; }

    /// <summary>Meta's <c>error</c> object, without the retry decision and hint (those depend on the HTTP status).</summary>
    public GraphError? Error { get; init; }

    public int? EventsReceived { get; init; }

    public IReadOnlyList<string> Messages { get; init; } = [];

    public string? FbtraceId { get; init; }
}

/// <summary>
/// Reads Meta's success body (<c>{"events_received", "messages", "fbtrace_id"}</c>) and error body
/// (<c>{"error": {...}}</c>) with <see cref="JsonDocument"/>: no reflection, and a field of an unexpected type
/// never fails the rest.
/// </summary>
internal static class GraphResponseReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static GraphBody Read(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (IsBlank(body.Span))
        {
            return new GraphBody { Kind = GraphBodyKind.Empty };
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            return new GraphBody { Kind = GraphBodyKind.NotJson };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new GraphBody { Kind = GraphBodyKind.NotObject };
            }

            return new GraphBody
            {
                Kind = GraphBodyKind.Object,
                Error = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    ? ReadError(error)
                    : null,
                EventsReceived = Int(root, "events_received"),
                Messages = ReadMessages(root),
                FbtraceId = String(root, "fbtrace_id"),
            };
        }
    }

    private static GraphError ReadError(JsonElement error) => new()
    {
        Code = Int(error, "code"),
        Subcode = Int(error, "error_subcode"),
        Type = String(error, "type"),
        Message = String(error, "message"),
        UserTitle = String(error, "error_user_title"),
        UserMessage = String(error, "error_user_msg"),
        FbtraceId = String(error, "fbtrace_id"),
        IsTransient = error.TryGetProperty("is_transient", out var transient)
            && transient.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? transient.GetBoolean()
                : null,
    };

    private static List<string> ReadMessages(JsonElement root)
    {
        var messages = new List<string>();
        if (!root.TryGetProperty("messages", out var value))
        {
            return messages;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                messages.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            messages.Add(value.GetString()!);
        }
        else if (value.ValueKind != JsonValueKind.Null)
        {
            messages.Add(value.GetRawText());
        }

        return messages;
    }

    private static int? Int(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
