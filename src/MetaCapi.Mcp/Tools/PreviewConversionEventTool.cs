using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Json;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Quality;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary><c>meta_preview_conversion_event</c>: the whole pipeline except delivery; no network, no token needed.</summary>
internal sealed class PreviewConversionEventTool : ConversionTool
{
    public const string ToolName = "meta_preview_conversion_event";

    private const string Description =
        "Dry run of meta_send_conversion_event: validates, normalizes and hashes ONE event exactly as sending would, and returns " +
        "the exact JSON body that would be posted to Meta (without the access token), every warning, the match keys and a " +
        "match-quality assessment (which identifiers are present, which strong ones are missing, most valuable first). " +
        "Nothing is sent and no token is needed. Takes the same parameters as meta_send_conversion_event (pixel_id optional). " +
        "Use it to check an event, to see how customer data is hashed, or to improve match quality before sending.";

    public PreviewConversionEventTool(
        EventPreparer preparer, IOptions<ConversionsApiOptions> options, ILogger<PreviewConversionEventTool> logger)
        : base(
            Describe(ToolName, "Preview Conversion Event (dry run)", Description, ToolSchemas.SingleEvent(pixelRequired: false),
                readOnly: true, destructive: false, idempotent: true, openWorld: false),
            preparer,
            options,
            logger)
    {
    }

    protected override ValueTask<ToolResult> ExecuteAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var diagnostics = toolCall.Diagnostics;
        var call = EventCall.Read(toolCall.Arguments, diagnostics, Preparer, Options, pixelRequired: false);
        if (diagnostics.HasErrors || call.Event is null)
        {
            return ValueTask.FromResult(ResultFactory.Rejected(call.Facts, diagnostics));
        }

        var request = new EventRequest { Data = [call.Event], TestEventCode = call.Facts.TestEventCode };
        var payload = JsonSerializer.SerializeToElement(request, MetaCapiJsonContext.Default.EventRequest);
        ToolLog.Previewed(Logger, Name, call.Facts.MatchKeys);
        return ValueTask.FromResult(
            ResultFactory.Preview(call.Facts, diagnostics, payload, MatchQuality.Assess(call.Facts.MatchKeys)));
    }
}
