using System.Text.Json;
using static MetaCapi.Graph.LenientJson;

namespace MetaCapi.Graph;

/// <summary>
/// Reads one page of <c>GET /{pixel_id}/stats</c>: <c>{"data": [{"start_time", "aggregation", "data": [{"value",
/// "count", "event"}]}], "paging": {...}}</c>, one bucket per hour. A bucket without a nested <c>data</c> list is read as
/// a row itself, and a row's <c>value</c> may be an object holding <c>event</c>/<c>count</c> (both seen in public code).
/// </summary>
internal static class EventStatsReader
{
    /// <summary>One row of a bucket: the aggregation key (<c>value</c>), the event it belongs to when Meta says, the count.</summary>
    public readonly record struct Row(string? Event, string? Value, long Count);

    /// <summary>
    /// A page: its rows, and how to ask for the next one: the cursor <paramref name="After"/> to add to the same query, or
    /// (time-based paging, no cursor) the whole <paramref name="NextQuery"/> of Meta's <c>next</c> link; both null on the
    /// last page.
    /// </summary>
    public sealed record Page(List<Row> Rows, string? After, IReadOnlyList<KeyValuePair<string, string>>? NextQuery)
    {
        public bool HasNext => After is not null || NextQuery is not null;
    }

    public static Page Read(JsonElement root)
    {
        var rows = new List<Row>();
        foreach (var bucket in Items(Get(root, "data")))
        {
            if (Get(bucket, "data") is { ValueKind: JsonValueKind.Array } entries)
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    AddRow(rows, entry);
                }
            }
            else
            {
                AddRow(rows, bucket);
            }
        }

        var (after, nextQuery) = NextPage(root);
        return new Page(rows, after, nextQuery);
    }

    private static void AddRow(List<Row> rows, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var value = Get(entry, "value");
        var nested = value is { ValueKind: JsonValueKind.Object } inner ? inner : (JsonElement?)null;
        var count = Count(entry, "count") ?? (nested is { } n ? Count(n, "count") : null);
        if (count is not { } c)
        {
            return;
        }

        var name = nested is { } withName ? Text(withName, "value", "event", "name") : Text(entry, "value");
        var @event = Text(entry, "event") ?? (nested is { } withEvent && Text(withEvent, "value") is not null ? Text(withEvent, "event") : null);
        rows.Add(new Row(@event, name, c));
    }

    /// <summary>
    /// How to ask for the next page; nothing when <c>paging.next</c> is absent (the last page). The cursor <c>after</c>
    /// when Meta gives one; otherwise the parameters of <c>next</c> itself (time-based paging), without any credential it
    /// might carry. The <c>next</c> URL is never requested as is: it names Meta's host, not the configured one.
    /// </summary>
    private static (string? After, List<KeyValuePair<string, string>>? Query) NextPage(JsonElement root)
    {
        if (Get(root, "paging") is not { ValueKind: JsonValueKind.Object } paging || Text(paging, "next") is not { Length: > 0 } next)
        {
            return (null, null);
        }

        if (Get(paging, "cursors") is { ValueKind: JsonValueKind.Object } cursors && Text(cursors, "after") is { Length: > 0 } after)
        {
            return (after, null);
        }

        if (!Uri.TryCreate(next, UriKind.Absolute, out var uri))
        {
            return (null, null);
        }

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..].Replace('+', ' '));
            if (name is not ("access_token" or "appsecret_proof" or "appsecret_time"))
            {
                parameters.Add(new(name, value));
            }
        }

        return (null, parameters.Count == 0 ? null : parameters);
    }
}
