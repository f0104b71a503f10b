using System.Diagnostics.Metrics;

namespace MetaCapi.Graph;

/// <summary>
/// The library's metrics (<see cref="System.Diagnostics.Metrics"/>; collect them with OpenTelemetry's
/// <c>AddMeter(ConversionsApiMetrics.MeterName)</c> or <c>dotnet-counters</c>). Keys and durations only: no pixel ID,
/// token or event data in a tag.
/// </summary>
public static class ConversionsApiMetrics
{
    /// <summary>The name of the library's <see cref="Meter"/>.</summary>
    public const string MeterName = "MetaCapi";

    private static readonly Meter Meter = new(MeterName, typeof(ConversionsApiMetrics).Assembly.GetName().Version?.ToString());

    /// <summary><c>metacapi.graph.request.duration</c>: one attempt at the Graph API, from sending to the answer's body read.</summary>
    internal static readonly Histogram<double> GraphRequestDuration = Meter.CreateHistogram<double>(
        "metacapi.graph.request.duration",
        unit: "s",
        description: "Duration of one request (one attempt) to Meta's Graph API, until its answer was read.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
}
