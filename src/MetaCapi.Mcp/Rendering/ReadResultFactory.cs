using System.Globalization;
using MetaCapi.Graph;
using MetaCapi.Quality;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Rendering;

/// <summary>Builds the results of the read tools from the library's reads, so both report the same way as the send tools.</summary>
internal static class ReadResultFactory
{
    public static DatasetQualityToolResult QualityRejected(string? pixelId, string? agentName, Diagnostics diagnostics) => new()
    {
        Status = ReadStatuses.Rejected,
        PixelId = pixelId,
        AgentName = agentName,
        Warnings = Issues(diagnostics.Warnings),
        Errors = Issues(diagnostics.Errors),
    };

    public static DatasetQualityToolResult Quality(DatasetQualityResult read, Diagnostics diagnostics)
    {
        var (warnings, errors) = Outcome(read, diagnostics, "fields");
        return new DatasetQualityToolResult
        {
            Status = read.Status == ReadStatus.Ok ? ReadStatuses.Ok : ReadStatuses.Failed,
            PixelId = read.PixelId,
            AgentName = read.AgentName,
            Events = read.Events,
            Advice = read.Status == ReadStatus.Ok ? DatasetAdvice.For(read.Events) : [],
            Attempts = read.Attempts,
            FbtraceId = read.Status == ReadStatus.Ok ? null : read.FbtraceId,
            Warnings = warnings,
            Errors = errors,
            MetaError = read.Error is { } error ? ResultFactory.ToMetaError(error, read.HttpStatus, read.RetryAfter) : null,
        };
    }

    public static DatasetQualityToolResult QualityInternalError(Exception exception, Diagnostics diagnostics) => new()
    {
        Status = ReadStatuses.Failed,
        Warnings = Issues(diagnostics.Warnings),
        Errors = [.. Issues(diagnostics.Errors), Unexpected(exception)],
    };

    public static EventStatsToolResult StatsRejected(string? pixelId, StatsWindow? window, Diagnostics diagnostics) => new()
    {
        Status = ReadStatuses.Rejected,
        PixelId = pixelId,
        Window = window,
        Warnings = Issues(diagnostics.Warnings),
        Errors = Issues(diagnostics.Errors),
    };

    public static EventStatsToolResult Stats(EventStatsResult read, Diagnostics diagnostics)
    {
        var (warnings, errors) = Outcome(read, diagnostics, "stats");
        foreach (var counts in read.Events)
        {
            if (OneSidedWarning(counts) is { } warning)
            {
                warnings.Add(new ResultIssue($"events.{counts.EventName}", warning));
            }
        }

        if (read.Status == ReadStatus.Ok && read.Events.Count == 0)
        {
            warnings.Add(new ResultIssue("window",
                "Meta counted no events for this pixel in the window. Events reach these stats after a delay (minutes, up to an hour); " +
                "events sent with test_event_code are checked in Events Manager → Test Events."));
        }

        return new EventStatsToolResult
        {
            Status = read.Status == ReadStatus.Ok ? ReadStatuses.Ok : ReadStatuses.Failed,
            PixelId = read.PixelId,
            Window = Window(read.Since, read.Until),
            Events = read.Events,
            MatchKeys = read.MatchKeys,
            Sources = read.Sources,
            Attempts = read.Attempts,
            FbtraceId = read.Status == ReadStatus.Ok ? null : read.FbtraceId,
            Warnings = warnings,
            Errors = errors,
            MetaError = read.Error is { } error ? ResultFactory.ToMetaError(error, read.HttpStatus, read.RetryAfter) : null,
        };
    }

    public static EventStatsToolResult StatsInternalError(Exception exception, Diagnostics diagnostics) => new()
    {
        Status = ReadStatuses.Failed,
        Warnings = Issues(diagnostics.Warnings),
        Errors = [.. Issues(diagnostics.Errors), Unexpected(exception)],
    };

    public static StatsWindow Window(DateTimeOffset since, DateTimeOffset until) => new(Iso(since), Iso(until));

    /// <summary>An event that arrives from one side only: the Pixel without the server, or the server without the Pixel.</summary>
    private static string? OneSidedWarning(EventSourceCounts counts) => counts switch
    {
        { Server: 0, Browser: > 0 } =>
            $"{counts.EventName} arrives only from the browser Pixel: no server event in the window. Send it from your server too " +
            "(meta_send_conversion_event with this event_name and event_id equal to the Pixel's eventID), so it is counted when " +
            "the browser blocks the Pixel, and Meta can deduplicate the two.",
        { Browser: 0, Server: > 0 } =>
            $"{counts.EventName} arrives only from the server: no browser Pixel event in the window. That is right if the Pixel does " +
            "not track it; if it should, check that the Pixel fires it with exactly this name (case matters), and give the same " +
            "event_id as the Pixel's eventID so the two are deduplicated.",
        _ => null,
    };

    private static (List<ResultIssue> Warnings, List<ResultIssue> Errors) Outcome(GraphReadResult read, Diagnostics diagnostics, string warningPath)
    {
        var warnings = Issues(diagnostics.Warnings);
        warnings.AddRange(read.Warnings.Select(w => new ResultIssue(warningPath, w)));
        var errors = Issues(diagnostics.Errors);
        if (read.Status == ReadStatus.Failed && read.TransportError is { } transport)
        {
            errors.Add(new ResultIssue("read", transport));
        }

        return (warnings, errors);
    }

    private static ResultIssue Unexpected(Exception exception) => new("server",
        $"Unexpected internal error ({exception.GetType().Name}) in the server; the call did not complete. " +
        "Details are in the server's log (stderr). Please report it.");

    private static string Iso(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static List<ResultIssue> Issues(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(d => new ResultIssue(d.Path, d.Message))];
}
