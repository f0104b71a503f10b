using Microsoft.Extensions.Logging;

namespace MetaCapi.Graph;

/// <summary>
/// Every log line of the Graph client, in one place. Keys and counts only (pixel ID, event count, attempt, HTTP
/// status, Graph code, fbtrace_id): never a body, a URL, the token or the app secret.
/// </summary>
internal static partial class GraphLog
{
    [LoggerMessage(1, LogLevel.Debug, "Sending {EventCount} event(s) to pixel {PixelId} (test events: {IsTest})")]
    public static partial void Sending(ILogger logger, int eventCount, string pixelId, bool isTest);

    [LoggerMessage(2, LogLevel.Debug, "Attempt {Attempt}: posting {EventCount} event(s) to pixel {PixelId}")]
    public static partial void AttemptStarted(ILogger logger, int attempt, int? eventCount, string? pixelId);

    [LoggerMessage(3, LogLevel.Debug, "Attempt {Attempt} for pixel {PixelId}: HTTP {HttpStatus}")]
    public static partial void AttemptAnswered(ILogger logger, int attempt, string? pixelId, int httpStatus);

    [LoggerMessage(4, LogLevel.Debug, "Attempt {Attempt} for pixel {PixelId}: {Failure}")]
    public static partial void AttemptFailed(ILogger logger, int attempt, string? pixelId, string failure);

    [LoggerMessage(5, LogLevel.Warning,
        "Attempt {Attempt} of {MaxAttempts} for pixel {PixelId} failed ({Outcome}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, int maxAttempts, string? pixelId, string outcome, long delayMs);

    [LoggerMessage(6, LogLevel.Information,
        "Pixel {PixelId}: Meta received {EventsReceived} of {EventCount} event(s), HTTP {HttpStatus}, {Attempts} attempt(s), " +
        "fbtrace_id {FbtraceId}")]
    public static partial void Sent(
        ILogger logger, string pixelId, int eventsReceived, int eventCount, int? httpStatus, int attempts, string? fbtraceId);

    [LoggerMessage(7, LogLevel.Warning,
        "Pixel {PixelId}: Meta refused {EventCount} event(s) after {Attempts} attempt(s): HTTP {HttpStatus}, " +
        "Graph code {GraphCode}, subcode {GraphSubcode}, fbtrace_id {FbtraceId}")]
    public static partial void Refused(
        ILogger logger,
        string pixelId,
        int eventCount,
        int attempts,
        int? httpStatus,
        int? graphCode,
        int? graphSubcode,
        string? fbtraceId);

    [LoggerMessage(9, LogLevel.Warning, "Pixel {PixelId}: delivery of {EventCount} event(s) failed: {TransportError}")]
    public static partial void Failed(ILogger logger, string pixelId, int eventCount, string transportError);

    [LoggerMessage(10, LogLevel.Information,
        "Pixel {PixelId}: Meta accepted {EventCount} event(s) with HTTP {HttpStatus} but gave no events_received, " +
        "{Attempts} attempt(s), fbtrace_id {FbtraceId}")]
    public static partial void SentWithoutCount(
        ILogger logger, string pixelId, int eventCount, int? httpStatus, int attempts, string? fbtraceId);

    [LoggerMessage(8, LogLevel.Information, "Delivery to pixel {PixelId} cancelled by the caller after {Attempts} attempt(s)")]
    public static partial void Cancelled(ILogger logger, string pixelId, int attempts);

    [LoggerMessage(11, LogLevel.Debug, "Reading {What} of pixel {PixelId}")]
    public static partial void Reading(ILogger logger, string what, string pixelId);

    [LoggerMessage(12, LogLevel.Debug, "Attempt {Attempt}: reading {What} of pixel {PixelId}")]
    public static partial void ReadAttemptStarted(ILogger logger, int attempt, string what, string? pixelId);

    [LoggerMessage(13, LogLevel.Information, "Pixel {PixelId}: read {What} in {Requests} request(s), {Attempts} attempt(s)")]
    public static partial void Read(ILogger logger, string pixelId, string what, int requests, int attempts);

    [LoggerMessage(14, LogLevel.Warning,
        "Pixel {PixelId}: reading {What} failed after {Attempts} attempt(s): HTTP {HttpStatus}, Graph code {GraphCode}, " +
        "subcode {GraphSubcode}, fbtrace_id {FbtraceId}")]
    public static partial void ReadRefused(
        ILogger logger, string pixelId, string what, int attempts, int? httpStatus, int? graphCode, int? graphSubcode, string? fbtraceId);

    [LoggerMessage(15, LogLevel.Warning, "Pixel {PixelId}: reading {What} failed: {TransportError}")]
    public static partial void ReadFailed(ILogger logger, string pixelId, string what, string transportError);

    [LoggerMessage(16, LogLevel.Information, "Pixel {PixelId}: Meta does not know the field {Field} of {What}; asking again without it")]
    public static partial void FieldRefused(ILogger logger, string pixelId, string field, string what);

    [LoggerMessage(17, LogLevel.Information, "Reading {What} of pixel {PixelId} cancelled by the caller")]
    public static partial void ReadCancelled(ILogger logger, string what, string pixelId);

    [LoggerMessage(18, LogLevel.Warning,
        "Nothing sent to pixel {PixelId}: {ErrorCount} validation error(s) in {EventCount} event(s) (see the result's errors)")]
    public static partial void Rejected(ILogger logger, string? pixelId, int eventCount, int errorCount);
}
