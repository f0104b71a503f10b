using MetaCapi.Files;
using Microsoft.Extensions.Logging;

namespace MetaCapi.Mcp.Tools;

/// <summary>The file tools' log lines (stderr): counts, the upload ID and the pixel only, never a path's content or a value.</summary>
internal static partial class FileLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: rejected with {Errors} error(s)")]
    public static partial void Rejected(ILogger logger, string tool, int errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: {Rows} row(s) read, {Valid} valid, {Rejected} rejected: {Status}")]
    public static partial void Previewed(ILogger logger, string tool, int rows, int valid, int rejected, UploadStatus status);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Tool}: pixel {PixelId}, upload {UploadId}, {Rows} row(s): {Sent} sent, {AlreadySent} already sent, {Rejected} rejected, {Failed} failed, in {Requests} request(s): {Status}")]
    public static partial void Sent(
        ILogger logger, string tool, string pixelId, string? uploadId, int rows, int sent, int alreadySent, int rejected, int failed, int requests,
        UploadStatus status);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Tool}: cancelled by the client; pixel {PixelId}, upload {UploadId}: {Sent} row(s) acknowledged by this call are kept, the same call sends the rest")]
    public static partial void Cancelled(ILogger logger, string tool, string pixelId, string? uploadId, int sent);
}
