using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// <c>meta_send_conversion_file</c>: the preview, then the valid rows in requests of up to META_UPLOAD_BATCH_SIZE events,
/// META_UPLOAD_PARALLELISM at once, each acknowledged request recorded in the journal, so the same call continues an
/// interrupted upload and does not repeat a finished one.
/// </summary>
internal sealed class SendConversionFileTool : FileTool
{
    public const string ToolName = "meta_send_conversion_file";

    private const string Description =
        "Send the offline conversions in a file (a shop's orders, phone sales, a CRM export, till data) to Meta's Conversions API. " +
        "This has real effects at Meta. Reads a CSV/TSV, JSON Lines or JSON file (optionally .gz) from a folder in META_FILE_ROOTS, maps " +
        "its columns to event fields exactly as meta_preview_conversion_file does (call that first and show the user the mapping), " +
        "validates, normalizes and SHA-256 hashes every row as meta_send_conversion_event does, skips the rows with errors (reported " +
        "by line and column), and sends the rest in requests of up to 1000 events. Safe to repeat: every acknowledged request is " +
        "recorded, so calling again with the same arguments (after a timeout, a crash or a failure) sends only what Meta has not " +
        "acknowledged, and a finished upload is not sent again unless force is true; rows without event_id get one derived from their " +
        "content, so Meta deduplicates a row sent twice. Offline sales use action_source physical_store (up to 62 days old), phone_call " +
        "or system_generated. The result gives Meta's events_received, the rows sent, rejected and failed, and the fbtrace_ids.";

    private readonly IServiceProvider _rootServices;

    public SendConversionFileTool(
        EventPreparer preparer,
        IOptions<ConversionsApiOptions> options,
        FileUploadOptions uploads,
        IServiceProvider rootServices,
        ILogger<SendConversionFileTool> logger)
        : base(Describe(ToolName, "Send Conversion File (CAPI)", Description, send: true), preparer, options, uploads, logger)
    {
        _rootServices = rootServices;
    }

    protected override async ValueTask<FileResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var diagnostics = call.Diagnostics;
        var request = ReadRequest(call.Arguments, diagnostics, send: true);
        EventCall.RequireToken(Options, diagnostics);
        if (diagnostics.HasErrors || request is null)
        {
            FileLog.Rejected(Logger, Name, diagnostics.ErrorCount);
            return FileResultFactory.Rejected(diagnostics, request?.PixelId, request?.TestEventCode);
        }

        var client = (call.Services ?? _rootServices).GetRequiredService<ConversionsApiClient>();
        var progress = Progress(call);
        var report = await Uploader.SendAsync(request, client, diagnostics, progress, cancellationToken).ConfigureAwait(false);
        if (progress is not null)
        {
            await progress.FlushAsync().ConfigureAwait(false);
        }

        if (report.Cancelled)
        {
            FileLog.Cancelled(Logger, Name, request.PixelId!, report.UploadId, report.RowsSent);
        }
        else
        {
            FileLog.Sent(Logger, Name, request.PixelId!, report.UploadId, report.RowsRead, report.RowsSent, report.RowsAlreadySent,
                report.RowsRejected, report.RowsFailed, report.Requests, report.Status);
        }
        return FileResultFactory.From(report, diagnostics, request.PixelId, request.TestEventCode);
    }
}
