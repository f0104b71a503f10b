using System.Globalization;
using System.Text;
using MetaCapi.Graph;
using MetaCapi.Quality;
using static MetaCapi.Mcp.Rendering.MarkdownRenderer;

namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// The default text of the read tools, for a person: a verdict, a table per event (quality) or one table of counts
/// (stats) with bars drawn in text, then advice or warnings. Built only from the result object, like the send tools'
/// markdown, so it holds nothing the structured content does not.
/// </summary>
internal static class ReadMarkdown
{
    private const int BarWidth = 10;
    private const int MaxListedKeys = 12;
    private const int MaxEventTables = 20;
    private const int MaxCountRows = 40;

    public static string Quality(DatasetQualityToolResult result)
    {
        var text = new StringBuilder(2048);
        var pixel = result.PixelId is null ? string.Empty : $" for pixel {result.PixelId}";
        switch (result.Status)
        {
            case ReadStatuses.Rejected:
                text.Append("**Rejected, nothing was asked**: ").Append(Count(result.Errors.Count, "problem")).Append(" to fix.\n\n");
                break;
            case ReadStatuses.Failed:
                text.Append(result.MetaError is null
                    ? $"**Failed**: the dataset quality{pixel} could not be read.\n\n"
                    : $"**Failed**: Meta refused to show the dataset quality{pixel}.\n\n");
                break;
            default:
                text.Append(QualityVerdict(result, pixel)).Append("\n\n");
                foreach (var quality in result.Events.Take(MaxEventTables))
                {
                    EventTable(text, quality);
                }

                if (result.Events.Count > MaxEventTables)
                {
                    text.Append("… and ").Append(Count(result.Events.Count - MaxEventTables, "more event"))
                        .Append(" in the structured result.\n\n");
                }

                Advice(text, result.Advice);
                break;
        }

        Failure(text, result.MetaError, result.FbtraceId, result.Attempts, result.Status);
        Issues(text, "Errors", result.Errors, group: false);
        Issues(text, "Warnings", result.Warnings, group: false);
        NextStep(text, result.Status, result.MetaError);
        return text.ToString().TrimEnd() + "\n";
    }

    public static string Stats(EventStatsToolResult result)
    {
        var text = new StringBuilder(2048);
        var pixel = result.PixelId is null ? string.Empty : $" for pixel {result.PixelId}";
        var window = result.Window is { } w ? $", {Time(w.Since)} → {Time(w.Until)} UTC" : string.Empty;
        switch (result.Status)
        {
            case ReadStatuses.Rejected:
                text.Append("**Rejected, nothing was asked**: ").Append(Count(result.Errors.Count, "problem")).Append(" to fix.\n\n");
                break;
            case ReadStatuses.Failed:
                text.Append(result.MetaError is null
                    ? $"**Failed**: the event stats{pixel} could not be read.\n\n"
                    : $"**Failed**: Meta refused to show the event stats{pixel}.\n\n");
                break;
            default:
                text.Append(StatsVerdict(result, pixel, window)).Append("\n\n");
                CountsTable(text, result.Events);
                MatchKeys(text, result);
                break;
        }

        Failure(text, result.MetaError, result.FbtraceId, result.Attempts, result.Status);
        Issues(text, "Errors", result.Errors, group: false);
        Issues(text, "Warnings", result.Warnings, group: false);
        NextStep(text, result.Status, result.MetaError);
        return text.ToString().TrimEnd() + "\n";
    }

    private static string QualityVerdict(DatasetQualityToolResult result, string pixel)
    {
        var web = result.Events.Where(e => e.Source == EventQuality.Sources.Web).ToList();
        var scores = web.Where(e => e.Emq is not null).Select(e => e.Emq!.Value).ToList();
        if (result.Events.Count == 0)
        {
            return $"**Dataset quality{pixel}**: Meta returned no events. Quality needs recent events (Event Match Quality covers about " +
                   "the last 48 hours) sent from a server; send some, or check pixel_id.";
        }

        var what = $"**Dataset quality{pixel}**: {Count(web.Count, "web event")}";
        if (result.Events.Count > web.Count)
        {
            what += $", {Count(result.Events.Count - web.Count, "offline event")}";
        }

        if (scores.Count == 0)
        {
            return what + "; Meta gave no Event Match Quality score.";
        }

        var (low, high) = (scores.Min(), scores.Max());
        var range = low == high
            ? $"Event Match Quality {Score(low)} ({EventMatchQualityScale.Rate(low)})"
            : $"Event Match Quality from {Score(low)} ({EventMatchQualityScale.Rate(low)}) to {Score(high)} ({EventMatchQualityScale.Rate(high)})";
        var below = web.Count(e => e.Emq < EventMatchQualityScale.Target);
        return $"{what}; {range}. " + (below == 0
            ? "Every score meets Meta's target of 6."
            : $"{Count(below, "event")} below Meta's target of 6.");
    }

    private static void EventTable(StringBuilder text, EventQuality quality)
    {
        var offline = quality.Source == EventQuality.Sources.Offline;
        text.Append("### ").Append(Cell(quality.EventName ?? "(no name)")).Append(offline ? " (offline)" : string.Empty).Append("\n\n");
        text.Append("| | |\n| --- | --- |\n");
        if (!offline)
        {
            Row(text, "Event Match Quality",
                quality.Emq is { } emq ? $"`{Bar(emq, 10)}` {Score(emq)} / 10, {quality.EmqRating}" : "not given by Meta");
        }

        foreach (var score in quality.Scores)
        {
            var value = score.Score is { } s ? $"`{Bar(s, 10)}` {Score(s)} / 10" : "no score";
            Row(text, $"{Label(score.Name)} score", score.Recommendation is { } advice ? $"{value}: {advice}" : value);
        }

        if (quality.MatchKeys.Count > 0)
        {
            Row(text, "Match keys (share of events carrying each; low in bold)", string.Join(" · ",
                quality.MatchKeys.Take(MaxListedKeys).Select(k => k.CoveragePercent < DatasetAdvice.LowCoveragePercent
                    ? $"{k.Key} **{Percent(k.CoveragePercent)}**"
                    : $"{k.Key} {Percent(k.CoveragePercent)}")) +
                (quality.MatchKeys.Count > MaxListedKeys ? " · …" : string.Empty));
        }

        if (quality.EventCoveragePercent is { } coverage)
        {
            Row(text, "Event coverage (Pixel events also sent from the server)",
                $"`{Bar(coverage, 100)}` {Percent(coverage)}" + (quality.EventCoverageGoalPercent is { } goal ? $", goal {Percent(goal)}" : string.Empty));
        }

        if (quality.Dedup.Count > 0)
        {
            Row(text, "Deduplication (browser / server events with the key, browser events deduplicated)", string.Join(" · ",
                quality.Dedup.Select(d =>
                    $"{d.Key}: {Percent(d.BrowserPercent)} / {Percent(d.ServerPercent)}, {Percent(d.DeduplicatedBrowserPercent)} deduplicated")));
        }

        Row(text, "Data freshness", quality.UploadFrequency?.Replace('_', ' '));
        Row(text, "Additional conversions reported", quality.AcrPercent is { } acr ? Percent(acr) : null);
        Row(text, "Potential additional conversions (Meta's estimate)", quality.PotentialAcrPercent is { } potential ? Percent(potential) : null);
        if (quality.Diagnostics.OrderByDescending(d => d.AffectedPercent ?? 0).FirstOrDefault() is { } top)
        {
            var affected = top.AffectedPercent is { } share ? $" ({Percent(share)} of events)" : string.Empty;
            var more = quality.Diagnostics.Count > 1 ? $" (+{quality.Diagnostics.Count - 1} more in the structured result)" : string.Empty;
            Row(text, "Top diagnostic", $"**{top.Name}**{affected}: {top.Solution ?? top.Description}{more}");
        }

        text.Append('\n');
    }

    private static void Advice(StringBuilder text, IReadOnlyList<QualityAdvice> advice)
    {
        if (advice.Count == 0)
        {
            return;
        }

        text.Append("**Advice** (most valuable first)\n\n");
        for (var i = 0; i < advice.Count; i++)
        {
            var item = advice[i];
            text.Append(i + 1).Append(". ");
            if (item.Parameter is { } parameter)
            {
                text.Append('`').Append(parameter).Append("` ");
            }

            text.Append('(').Append(Cell(string.Join(", ", item.Events))).Append("): ").Append(Cell(item.Message)).Append('\n');
        }

        text.Append('\n');
    }

    private static string StatsVerdict(EventStatsToolResult result, string pixel, string window)
    {
        var total = result.Events.Sum(e => e.Total);
        var head = $"**Event stats{pixel}**{window}: {total.ToString("N0", CultureInfo.InvariantCulture)} events, {Count(result.Events.Count, "event name")}";
        var sourced = result.Sources.Sum(s => s.Count);
        if (sourced == 0)
        {
            return head + ".";
        }

        var server = result.Sources.Where(s => s.Kind == "server").Sum(s => s.Count);
        return $"{head}; {Percent(100.0 * server / sourced)} from the server (Conversions API)" +
               (server == 0 ? ": nothing arrived from a server in this window." : ".");
    }

    private static void CountsTable(StringBuilder text, IReadOnlyList<EventSourceCounts> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        text.Append("| event | total | server | browser | other | server share |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var counts in events.Take(MaxCountRows))
        {
            var share = counts.ServerSharePercent is { } percent ? $"`{Bar(percent, 100)}` {Percent(percent)}" : "not known";
            var side = counts switch
            {
                { Server: 0, Browser: > 0 } => " **browser only**",
                { Browser: 0, Server: > 0 } => " **server only**",
                _ => string.Empty,
            };
            text.Append("| ").Append(Cell(counts.EventName))
                .Append(" | ").Append(Number(counts.Total))
                .Append(" | ").Append(Number(counts.Server))
                .Append(" | ").Append(Number(counts.Browser))
                .Append(" | ").Append(Number(counts.Other))
                .Append(" | ").Append(share).Append(side).Append(" |\n");
        }

        if (events.Count > MaxCountRows)
        {
            text.Append("\n… and ").Append(Count(events.Count - MaxCountRows, "more event")).Append(" in the structured result.\n");
        }

        text.Append('\n');
    }

    private static void MatchKeys(StringBuilder text, EventStatsToolResult result)
    {
        if (result.MatchKeys.Count == 0)
        {
            return;
        }

        text.Append("**Match keys** (events carrying each, of ").Append(Number(result.Events.Sum(e => e.Total))).Append("): ")
            .Append(string.Join(" · ", result.MatchKeys.Take(MaxListedKeys).Select(k => $"{Cell(k.Key)} {Number(k.Count)}")))
            .Append(result.MatchKeys.Count > MaxListedKeys ? " · …" : string.Empty)
            .Append("\n\n");
    }

    private static void Failure(StringBuilder text, MetaErrorResult? error, string? fbtraceId, int attempts, string status)
    {
        if (status != ReadStatuses.Failed)
        {
            return;
        }

        text.Append("| | |\n| --- | --- |\n");
        Row(text, "attempts", attempts.ToString(CultureInfo.InvariantCulture));
        Row(text, "fbtrace_id", fbtraceId);
        text.Append('\n');
        if (error is not null)
        {
            MetaError(text, error);
        }
    }

    private static void NextStep(StringBuilder text, string status, MetaErrorResult? error)
    {
        var next = status switch
        {
            ReadStatuses.Rejected => "Fix the errors above and call again; nothing was asked of Meta.",
            ReadStatuses.Failed when error?.Hint is { } hint => hint,
            ReadStatuses.Failed when error is { Retryable: true } => "This may succeed later: wait, then ask again.",
            ReadStatuses.Failed when error is not null => "Read Meta's message above, fix the request, and ask again.",
            ReadStatuses.Failed => "No answer came from Meta; try again in a moment.",
            _ => null,
        };
        if (next is not null)
        {
            text.Append("**Next step:** ").Append(next).Append("\n\n");
        }
    }

    /// <summary>A bar of <see cref="BarWidth"/> cells, filled in proportion to <paramref name="value"/> out of <paramref name="max"/>.</summary>
    private static string Bar(double value, double max)
    {
        var filled = (int)Math.Round(Math.Clamp(value / max, 0, 1) * BarWidth, MidpointRounding.AwayFromZero);
        return new string('█', filled) + new string('░', BarWidth - filled);
    }

    private static string Label(string name) => name.Replace('_', ' ') switch
    {
        "composite" => "Data quality (composite)",
        var other => string.Concat(char.ToUpperInvariant(other[0]).ToString(), other.AsSpan(1)),
    };

    private static string Score(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(double? value) =>
        value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "?";

    private static string Number(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "?";

    private static string Time(string iso) => iso.Replace('T', ' ').TrimEnd('Z')[..Math.Min(16, iso.Length)];

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");
}
