using System.Diagnostics.Metrics;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// The server's metrics (meter <see cref="MeterName"/>), exported over OTLP by the HTTP server when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Tags are tool names and statuses only: never a pixel, a caller's
/// key, a token or event data.
/// </summary>
internal static class ToolMetrics
{
    public const string MeterName = "MetaCapi.Mcp";

    private static readonly Meter Meter = new(MeterName, Commands.CommandLine.Version);

    /// <summary><c>metacapi.events</c>: events by outcome (<c>sent</c>, <c>rejected</c>, <c>failed</c>) and tool.</summary>
    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "metacapi.events", unit: "{event}", description: "Conversion events by outcome: sent (Meta accepted them), rejected (refused before sending), failed (Meta or the network refused them).");

    /// <summary><c>metacapi.tool.duration</c>: one tool call, by tool and result status.</summary>
    private static readonly Histogram<double> ToolDuration = Meter.CreateHistogram<double>(
        "metacapi.tool.duration",
        unit: "s",
        description: "Duration of one tool call, from its arguments to its result.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static void CountEvents(string tool, string outcome, int count)
    {
        if (Events.Enabled && count > 0)
        {
            Events.Add(count, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static void RecordToolDuration(string tool, string? status, TimeSpan duration)
    {
        if (ToolDuration.Enabled)
        {
            ToolDuration.Record(
                duration.TotalSeconds, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("status", status ?? "unknown"));
        }
    }
}
