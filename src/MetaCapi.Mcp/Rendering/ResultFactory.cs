using System.Text.Json;
using MetaCapi.Graph;
using MetaCapi.Quality;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Rendering;

/// <summary>What a call was about, for every result (echoed only once validated: no raw customer data).</summary>
/// <param name="PixelId">The pixel ID, when valid.</param>
/// <param name="EventName">The event name (single-event tools).</param>
/// <param name="EventId">The deduplication ID (single-event tools).</param>
/// <param name="TestEventCode">The test code used, if any.</param>
/// <param name="MatchKeys">The user_data keys that are (or would be) sent.</param>
internal sealed record CallFacts(
    string? PixelId,
    string? EventName,
    string? EventId,
    string? TestEventCode,
    IReadOnlyList<string> MatchKeys);

/// <summary>Builds the <see cref="ToolResult"/> of each outcome, so every tool reports the same way.</summary>
internal static class ResultFactory
{
    public static ToolResult Rejected(CallFacts facts, Diagnostics diagnostics) => Base(ToolResult.Statuses.Rejected, facts, diagnostics);

    public static ToolResult Preview(CallFacts facts, Diagnostics diagnostics, JsonElement payload, MatchQualityReport quality) =>
        Base(ToolResult.Statuses.Preview, facts, diagnostics) with
        {
            Payload = payload,
            MatchQuality = ToResult(quality),
        };

    public static ToolResult Delivered(CallFacts facts, Diagnostics diagnostics, DeliveryResult delivery, MatchQualityReport quality)
    {
        var errors = Issues(diagnostics.Errors);
        var warnings = Issues(diagnostics.Warnings);
        if (delivery.TransportError is { } transport)
        {
            errors.Add(new ResultIssue("delivery", transport));
        }

        if (delivery.ResponseNote is { } note)
        {
            warnings.Add(new ResultIssue("delivery", note));
        }

        return Base(delivery.Status == DeliveryStatus.Sent ? ToolResult.Statuses.Sent : ToolResult.Statuses.Failed, facts, diagnostics) with
        {
            EventsReceived = delivery.EventsReceived,
            Messages = delivery.Messages,
            FbtraceId = delivery.FbtraceId ?? delivery.Error?.FbtraceId,
            Attempts = delivery.Attempts,
            Warnings = warnings,
            Errors = errors,
            MetaError = delivery.Error is { } error ? ToResult(error, delivery) : null,
            MatchQuality = ToResult(quality),
        };
    }

    public static ToolResult InternalError(Exception exception, Diagnostics diagnostics)
    {
        var errors = Issues(diagnostics.Errors);
        errors.Add(new ResultIssue("server",
            $"Unexpected internal error ({exception.GetType().Name}) in the server; the call did not complete. " +
            "Details are in the server's log (stderr). Please report it."));
        return new ToolResult
        {
            Status = ToolResult.Statuses.Failed,
            Warnings = Issues(diagnostics.Warnings),
            Errors = errors,
        };
    }

    private static ToolResult Base(string status, CallFacts facts, Diagnostics diagnostics) => new()
    {
        Status = status,
        PixelId = facts.PixelId,
        EventName = facts.EventName,
        EventId = facts.EventId,
        TestEventCode = facts.TestEventCode,
        MatchKeys = facts.MatchKeys,
        Warnings = Issues(diagnostics.Warnings),
        Errors = Issues(diagnostics.Errors),
    };

    private static List<ResultIssue> Issues(IEnumerable<Diagnostic> diagnostics)
    {
        var issues = new List<ResultIssue>();
        foreach (var diagnostic in diagnostics)
        {
            issues.Add(new ResultIssue(diagnostic.Path, diagnostic.Message));
        }

        return issues;
    }

    /// <summary>Meta's error in <paramref name="delivery"/> as every result shows it; null when Meta sent none.</summary>
    public static MetaErrorResult? MetaError(DeliveryResult delivery) => delivery.Error is { } error ? ToResult(error, delivery) : null;

    private static MetaErrorResult ToResult(GraphError error, DeliveryResult delivery) =>
        ToMetaError(error, delivery.HttpStatus, delivery.RetryAfter);

    /// <summary>Meta's error as every result reports it.</summary>
    internal static MetaErrorResult ToMetaError(GraphError error, int? httpStatus, TimeSpan? retryAfter) => new()
    {
        Code = error.Code,
        Subcode = error.Subcode,
        Type = error.Type,
        Message = error.Message,
        UserTitle = error.UserTitle,
        UserMsg = error.UserMessage,
        FbtraceId = error.FbtraceId,
        Retryable = error.Retryable,
        Hint = error.Hint,
        HttpStatus = httpStatus,
        RetryAfterSeconds = retryAfter?.TotalSeconds,
    };

    private static MatchQualityResult ToResult(MatchQualityReport report) => new()
    {
        Present = report.Present,
        Missing = report.Missing,
        Rating = report.Rating.ToString().ToLowerInvariant(),
        Verdict = report.Verdict,
    };
}
