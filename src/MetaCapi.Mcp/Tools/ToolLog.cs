using Microsoft.Extensions.Logging;

namespace MetaCapi.Mcp.Tools;

/// <summary>The tools' log lines (stderr): keys, counts and Meta's identifiers only, never values or secrets.</summary>
internal static partial class ToolLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: rejected {Events} event(s) with {Errors} error(s)")]
    public static partial void Rejected(ILogger logger, string tool, int events, int errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: previewed 1 event, keys {Keys}")]
    public static partial void Previewed(ILogger logger, string tool, IEnumerable<string> keys);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Tool}: pixel {PixelId}, {Events} event(s), keys {Keys}: {Status} after {Attempts} attempt(s), events_received {Received}, Graph code {Code}, fbtrace_id {FbtraceId}")]
    public static partial void Delivered(
        ILogger logger, string tool, string pixelId, int events, IEnumerable<string> keys, MetaCapi.Graph.DeliveryStatus status, int attempts, int? received, int? code, string? fbtraceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: cancelled by the client")]
    public static partial void Cancelled(ILogger logger, string tool);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Tool}: unexpected {ExceptionType}\n{StackTrace}")]
    public static partial void Unexpected(ILogger logger, string tool, string? exceptionType, string? stackTrace);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: rejected with {Errors} error(s), nothing asked")]
    public static partial void ReadRejected(ILogger logger, string tool, int errors);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Tool}: pixel {PixelId}: {Status} after {Attempts} attempt(s), Graph code {Code}, fbtrace_id {FbtraceId}")]
    public static partial void Read(
        ILogger logger, string tool, string pixelId, MetaCapi.Graph.ReadStatus status, int attempts, int? code, string? fbtraceId);
}
