using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// The default text of a result: a one-line verdict, a compact table of the facts, warnings and errors as lists,
/// and for failures what to do next. Built only from the <see cref="ToolResult"/>, so it can hold nothing the
/// structured content does not (no token, no raw customer data).
/// </summary>
internal static partial class MarkdownRenderer
{
    private const int MaxListedIssues = 25;

    public static string Render(ToolResult result)
    {
        var text = new StringBuilder(1024);
        text.Append(Verdict(result)).Append("\n\n");
        Facts(text, result);
        if (result.MetaError is { } error)
        {
            MetaError(text, error);
        }

        Issues(text, "Errors", result.Errors, result.Events is not null);
        Issues(text, "Warnings", result.Warnings, result.Events is not null);
        if (result.MatchQuality is { } quality)
        {
            text.Append("**Match quality: ").Append(quality.Rating).Append(".** ").Append(quality.Verdict).Append("\n\n");
        }

        NextStep(text, result);
        if (result.Payload is { } payload)
        {
            text.Append("**Payload** (the exact body the send tool would post; access_token and appsecret_proof are added at send time):\n\n```json\n")
                .Append(payload.GetRawText()).Append("\n```\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static string Verdict(ToolResult result)
    {
        var what = Subject(result);
        return result.Status switch
        {
            ToolResult.Statuses.Sent when result.TestEventCode is not null =>
                $"**Sent to Test Events** (test_event_code {result.TestEventCode}): Meta accepted {what}. Check Events Manager → Test Events.",
            ToolResult.Statuses.Sent => $"**Sent**: Meta accepted {what}.",
            ToolResult.Statuses.Rejected => $"**Rejected, nothing was sent**: {Count(result.Errors.Count, "problem")} to fix in {what}.",
            ToolResult.Statuses.Preview => $"**Preview, nothing was sent**: {what} is ready to send.",
            _ when result.MetaError is not null => $"**Failed**: Meta refused {what}.",
            _ => $"**Failed**: {what} could not be delivered.",
        };
    }

    private static string Subject(ToolResult result)
    {
        var pixel = result.PixelId is null ? string.Empty : $" for pixel {result.PixelId}";
        if (result.Events is { } events)
        {
            return $"the batch of {Count(events.Count, "event")}{pixel}";
        }

        return result.EventName is null ? $"the event{pixel}" : $"the {Cell(result.EventName)} event{pixel}";
    }

    private static void Facts(StringBuilder text, ToolResult result)
    {
        text.Append("| | |\n| --- | --- |\n");
        Row(text, "status", result.Status);
        Row(text, "pixel_id", result.PixelId);
        Row(text, "event_name", result.EventName);
        Row(text, "event_id", result.EventId);
        if (result.Events is { } events)
        {
            Row(text, "events", events.Count.ToString(CultureInfo.InvariantCulture));
        }

        Row(text, "test_event_code", result.TestEventCode);
        if (result.Status is ToolResult.Statuses.Sent or ToolResult.Statuses.Failed)
        {
            Row(text, "events_received", result.EventsReceived?.ToString(CultureInfo.InvariantCulture) ?? "not reported by Meta");
            Row(text, "fbtrace_id", result.FbtraceId);
            Row(text, "attempts", result.Attempts.ToString(CultureInfo.InvariantCulture));
        }

        if (result.Messages.Count > 0)
        {
            Row(text, "messages from Meta", string.Join("; ", result.Messages));
        }

        if (result.Events is { MatchKeyCoverage.Count: > 0 } batch)
        {
            var coverage = new List<string>(batch.MatchKeyCoverage.Count);
            foreach (var (key, count) in batch.MatchKeyCoverage)
            {
                coverage.Add($"{key} {count}/{batch.Count}");
            }

            Row(text, "match keys (events carrying each)", string.Join(", ", coverage));
        }
        else if (result.MatchKeys.Count > 0)
        {
            Row(text, "match_keys", string.Join(", ", result.MatchKeys));
        }

        text.Append('\n');
    }

    internal static void MetaError(StringBuilder text, MetaErrorResult error)
    {
        text.Append("**Meta's error**\n\n| | |\n| --- | --- |\n");
        Row(text, "code", error.Code?.ToString(CultureInfo.InvariantCulture));
        Row(text, "subcode", error.Subcode?.ToString(CultureInfo.InvariantCulture));
        Row(text, "type", error.Type);
        Row(text, "message", error.Message);
        Row(text, "user_title", error.UserTitle);
        Row(text, "user_msg", error.UserMsg);
        Row(text, "http_status", error.HttpStatus?.ToString(CultureInfo.InvariantCulture));
        Row(text, "retryable", error.Retryable ? "yes, later" : "no, not as is");
        Row(text, "retry_after_seconds", error.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture));
        text.Append('\n');
    }

    internal static void Issues(StringBuilder text, string title, IReadOnlyList<ResultIssue> issues, bool group)
    {
        if (issues.Count == 0)
        {
            return;
        }

        text.Append("**").Append(title).Append("**\n\n");
        if (group)
        {
            GroupedIssues(text, issues);
        }
        else
        {
            var shown = Math.Min(issues.Count, MaxListedIssues);
            for (var i = 0; i < shown; i++)
            {
                text.Append("- `").Append(issues[i].Path).Append("`: ").Append(Line(issues[i].Message)).Append('\n');
            }

            if (issues.Count > shown)
            {
                text.Append("- … and ").Append(issues.Count - shown).Append(" more in the structured result.\n");
            }
        }

        text.Append('\n');
    }

    /// <summary>A batch lists each kind of problem once, with how many events have it and the first paths.</summary>
    private static void GroupedIssues(StringBuilder text, IReadOnlyList<ResultIssue> issues)
    {
        var groups = new Dictionary<(string Path, string Message), List<string>>();
        var order = new List<(string Path, string Message)>();
        foreach (var issue in issues)
        {
            var key = (EventIndex().Replace(issue.Path, "events[*]"), issue.Message);
            if (!groups.TryGetValue(key, out var paths))
            {
                groups[key] = paths = [];
                order.Add(key);
            }

            paths.Add(issue.Path);
        }

        var shown = Math.Min(order.Count, MaxListedIssues);
        for (var i = 0; i < shown; i++)
        {
            var key = order[i];
            var paths = groups[key];
            text.Append("- `").Append(paths.Count == 1 ? paths[0] : key.Path).Append("`: ").Append(Line(key.Message));
            if (paths.Count > 1)
            {
                text.Append(" (").Append(paths.Count).Append(" events: ")
                    .Append(string.Join(", ", paths.Take(5))).Append(paths.Count > 5 ? ", …" : string.Empty).Append(')');
            }

            text.Append('\n');
        }

        if (order.Count > shown)
        {
            text.Append("- … and ").Append(order.Count - shown).Append(" more kinds in the structured result.\n");
        }
    }

    private static void NextStep(StringBuilder text, ToolResult result)
    {
        var next = result.Status switch
        {
            ToolResult.Statuses.Rejected => "Fix the errors above and call again; nothing reached Meta.",
            ToolResult.Statuses.Failed when result.MetaError?.Hint is { } hint => hint,
            ToolResult.Statuses.Failed when result.MetaError is { Retryable: true } => "This may succeed later: wait, then send again with the same event_id.",
            ToolResult.Statuses.Failed when result.MetaError is not null => "Read Meta's message above, fix the request, and send again.",
            ToolResult.Statuses.Failed => "Nothing confirms Meta received it. Try again with the same event_id (Meta deduplicates on it).",
            ToolResult.Statuses.Sent when result.TestEventCode is not null => "Remove test_event_code to send production events.",
            _ => null,
        };
        if (next is not null)
        {
            text.Append("**Next step:** ").Append(next).Append("\n\n");
        }
    }

    internal static void Row(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("| ").Append(name).Append(" | ").Append(Cell(value)).Append(" |\n");
        }
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    internal static string Cell(string value) => Line(value).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Line(string value) =>
        value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"^events\[\d+\]")]
    private static partial Regex EventIndex();
}
