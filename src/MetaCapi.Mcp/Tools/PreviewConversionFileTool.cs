using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary><c>meta_preview_conversion_file</c>: reads, maps, validates and hashes every row of a file; sends nothing, needs no token.</summary>
internal sealed class PreviewConversionFileTool : FileTool
{
    public const string ToolName = "meta_preview_conversion_file";

    private const string Description =
        "Dry run of meta_send_conversion_file for offline conversions in a file (a shop's orders, phone sales, a CRM export, till data): " +
        "reads every row of a CSV/TSV, JSON Lines or JSON file (optionally .gz) from a folder in META_FILE_ROOTS, matches its columns to " +
        "event fields (Email, Phone Number, First Name, Order Total, Currency, Created At, … are recognized), validates, normalizes and " +
        "SHA-256 hashes each row exactly as meta_send_conversion_event does, and sends NOTHING (no token needed). Returns the mapping " +
        "column by column (show it to the user and fix it with columns and defaults before sending), the rows that would be rejected " +
        "with their line, column and what is accepted, warnings counted by kind, the first event as it would be sent, and how many rows " +
        "carry each match key. Rows need event_name, event_time and action_source (from a column or from defaults, e.g. defaults " +
        "{\"event_name\": \"Purchase\", \"action_source\": \"physical_store\"}) and at least one customer identifier.";

    public PreviewConversionFileTool(
        EventPreparer preparer, IOptions<ConversionsApiOptions> options, FileUploadOptions uploads, ILogger<PreviewConversionFileTool> logger)
        : base(Describe(ToolName, "Preview Conversion File (dry run)", Description, send: false), preparer, options, uploads, logger)
    {
    }

    protected override async ValueTask<FileResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var diagnostics = call.Diagnostics;
        var request = ReadRequest(call.Arguments, diagnostics, send: false);
        if (diagnostics.HasErrors || request is null)
        {
            return FileResultFactory.Rejected(diagnostics, CallArguments.PixelId(call.Arguments, new()), null);
        }

        var progress = Progress(call);
        var report = await Uploader.PreviewAsync(request, diagnostics, progress, cancellationToken).ConfigureAwait(false);
        if (progress is not null)
        {
            await progress.FlushAsync().ConfigureAwait(false);
        }

        FileLog.Previewed(Logger, Name, report.RowsRead, report.RowsValid, report.RowsRejected, report.Status);
        return FileResultFactory.From(report, diagnostics, request.PixelId, request.TestEventCode);
    }
}
