using System.Globalization;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Files;
using MetaCapi.Json;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Rendering;

/// <summary>Builds the <see cref="FileResult"/> of an upload (the tools and <c>upload --json</c> report the same way).</summary>
internal static class FileResultFactory
{
    /// <summary>The result of <paramref name="report"/>; <paramref name="diagnostics"/> holds the problems of the call itself.</summary>
    public static FileResult From(UploadReport report, Diagnostics diagnostics, string? pixelId, string? testEventCode)
    {
        var errors = new List<ResultIssue>();
        foreach (var error in diagnostics.Errors)
        {
            errors.Add(new ResultIssue(error.Path, error.Message));
        }

        foreach (var failed in report.FailedRequests)
        {
            var delivery = failed.Delivery;
            var why = delivery.Error is { } error
                ? $"Meta refused it: {error.Hint ?? error.Message ?? "no message"} (code {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
                : delivery.TransportError ?? "no usable answer came";
            errors.Add(new ResultIssue(
                string.Create(CultureInfo.InvariantCulture, $"requests[{failed.Request}]"),
                string.Create(CultureInfo.InvariantCulture,
                    $"Request {failed.Request} ({failed.Rows} rows, lines {failed.FirstRow}–{failed.LastRow}) failed after {delivery.Attempts} attempt(s): {why}. ") +
                "Its rows were not acknowledged; the same call again sends them again, with the same event_ids."));
        }

        if (report.FailedRequests.Count > 0 && report.RowsFailed > report.FailedRequests.Sum(static f => f.Rows))
        {
            errors.Add(new ResultIssue("requests", "More requests failed than are listed here; rows_failed counts them all."));
        }

        var warnings = new List<CountedIssue>();
        foreach (var warning in diagnostics.Warnings)
        {
            warnings.Add(new CountedIssue(warning.Path, warning.Message, 1));
        }

        if (report.FinishedBefore is { } finished && report.Requests == 0 && report.RowsAlreadySent > 0)
        {
            warnings.Add(new CountedIssue("upload",
                $"This upload was already finished on {Iso(finished)}; nothing was sent again. Pass force: true to send it all again " +
                "(Meta deduplicates the same event_ids within 48 hours).", 1));
        }

        if (report.Cancelled)
        {
            warnings.Add(new CountedIssue("upload",
                "The call was cancelled before the end. What Meta acknowledged is kept: the same call again sends only the rest.", 1));
        }

        foreach (var warning in report.Warnings)
        {
            warnings.Add(new CountedIssue(warning.Path, warning.Message, warning.Count));
        }

        var firstFailure = report.FailedRequests.FirstOrDefault(static f => f.Delivery.Error is not null);
        return new FileResult
        {
            Status = Status(report.Status),
            PixelId = diagnostics.HasErrorAt("pixel_id") ? null : pixelId,
            TestEventCode = testEventCode,
            EventsReceived = report.EventsReceived,
            Messages = report.Messages,
            FbtraceId = report.FbtraceIds.Count > 0 ? report.FbtraceIds[0] : null,
            Attempts = report.Attempts,
            MatchKeys = [.. report.MatchKeyCoverage.Keys],
            Warnings = warnings,
            Errors = errors,
            MetaError = firstFailure is null ? null : ResultFactory.MetaError(firstFailure.Delivery),
            Upload = report.UploadId is null && report.File is null ? null : new UploadResult
            {
                Id = report.UploadId,
                File = report.File,
                Format = report.Format,
                RowsRead = report.RowsRead,
                RowsValid = report.RowsValid,
                RowsRejected = report.RowsRejected,
                RowsSent = report.RowsSent,
                RowsFailed = report.RowsFailed,
                RowsAlreadySent = report.RowsAlreadySent,
                Requests = report.Requests,
                Resumed = report.Resumed,
                FinishedBefore = report.FinishedBefore is { } before ? Iso(before) : null,
                Cancelled = report.Cancelled,
                RejectedRowsPath = report.RejectedRowsFile,
            },
            Mapping = [.. report.Mapping.Select(static m => new MappingResult(m.Column, m.Field, How(m.How)))],
            RowErrors = [.. report.RowErrors.Select(static e => new RowErrorResult(e.Row, e.Column, e.Path, e.Message))],
            FbtraceIds = report.FbtraceIds,
            SamplePayload = report.Status == UploadStatus.Preview && report.SamplePayload is { } sample
                ? JsonSerializer.SerializeToElement(sample, MetaCapiJsonContext.Default.ServerEvent)
                : null,
            MatchQuality = report.Status == UploadStatus.Preview ? Quality(report) : null,
        };
    }

    /// <summary>The result when the tool failed unexpectedly.</summary>
    public static FileResult InternalError(Exception exception, Diagnostics diagnostics)
    {
        var errors = diagnostics.Errors.Select(static e => new ResultIssue(e.Path, e.Message)).ToList();
        errors.Add(new ResultIssue("server",
            $"Unexpected internal error ({exception.GetType().Name}) in the server; the call did not complete. What Meta acknowledged is " +
            "kept in the journal, so the same call continues where this one stopped. Details are in the server's log (stderr). Please report it."));
        return new FileResult
        {
            Status = FileResult.Statuses.Failed,
            Warnings = [.. diagnostics.Warnings.Select(static w => new CountedIssue(w.Path, w.Message, 1))],
            Errors = errors,
        };
    }

    /// <summary>The result of a call refused before any row was read.</summary>
    public static FileResult Rejected(Diagnostics diagnostics, string? pixelId, string? testEventCode) =>
        From(new UploadReport { Status = UploadStatus.Rejected }, diagnostics, pixelId, testEventCode);

    private static FileMatchQualityResult? Quality(UploadReport report)
    {
        if (report.MatchQuality is not { } quality || report.RowsValid == 0)
        {
            return null;
        }

        var coverage = new List<KeyCoverage>(report.MatchKeyCoverage.Count);
        foreach (var key in UserDataKeys.All)
        {
            if (report.MatchKeyCoverage.TryGetValue(key, out var rows))
            {
                coverage.Add(new KeyCoverage(key, rows, Math.Round(100.0 * rows / report.RowsValid, 1)));
            }
        }

        return new FileMatchQualityResult
        {
            Present = quality.Present,
            Missing = quality.Missing,
            Rating = quality.Rating.ToString().ToLowerInvariant(),
            Verdict = quality.Verdict,
            Coverage = coverage,
        };
    }

    private static string Status(UploadStatus status) => status switch
    {
        UploadStatus.Preview => FileResult.Statuses.Preview,
        UploadStatus.Sent => FileResult.Statuses.Sent,
        UploadStatus.Partial => FileResult.Statuses.Partial,
        UploadStatus.Failed => FileResult.Statuses.Failed,
        _ => FileResult.Statuses.Rejected,
    };

    private static string How(MappingSource how) => how switch
    {
        MappingSource.Explicit => "explicit",
        MappingSource.Default => "default",
        MappingSource.Ignored => "ignored",
        _ => "auto",
    };

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
