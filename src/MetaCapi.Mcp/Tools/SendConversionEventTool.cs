using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Quality;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary><c>meta_send_conversion_event</c>: validate, normalize and hash, send one event, report Meta's answer.</summary>
internal sealed class SendConversionEventTool : SendingTool
{
    public const string ToolName = "meta_send_conversion_event";

    private const string Description =
        "Send ONE server-side conversion event (a purchase, lead, sign-up, …) to Meta's Conversions API for a Meta Pixel (dataset). " +
        "This has real effects: the event is recorded by Meta and used for ads measurement and optimization. " +
        "Pass customer information RAW in user_data (email, phone, name, city, …): it is normalized and SHA-256 hashed here exactly " +
        "as Meta's Pixel and SDKs do; already-hashed values pass through. Include as many identifiers as you have " +
        "(em, ph, fbc, external_id, client_ip_address + client_user_agent, fbp): they decide whether Meta can match the event. " +
        "The call is validated before anything is sent: on any problem the result is status 'rejected' with every error and its " +
        "parameter path, and nothing reaches Meta. Use test_event_code while testing. Give event_id equal to the browser Pixel's " +
        "eventID so the two are deduplicated. To check an event without sending it, use meta_preview_conversion_event; " +
        "for several events, meta_send_conversion_events.";

    public SendConversionEventTool(
        EventPreparer preparer,
        IOptions<ConversionsApiOptions> options,
        IServiceProvider rootServices,
        ILogger<SendConversionEventTool> logger)
        : base(
            Describe(ToolName, "Send Conversion Event (CAPI)", Description, ToolSchemas.SingleEvent(pixelRequired: true),
                readOnly: false, destructive: false, idempotent: false, openWorld: true),
            preparer,
            options,
            rootServices,
            logger)
    {
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var (arguments, diagnostics, services) = (toolCall.Arguments, toolCall.Diagnostics, toolCall.Services);
        var options = Options;
        var call = EventCall.Read(arguments, diagnostics, Preparer, options, pixelRequired: true);
        EventCall.RequireToken(options, diagnostics, call.Facts.PixelId);
        if (diagnostics.HasErrors || call.Event is null)
        {
            return Reject(call.Facts, diagnostics, eventCount: 1);
        }

        return await DeliverAsync(call.Facts, [call.Event], MatchQuality.Assess(call.Facts.MatchKeys), diagnostics, services, cancellationToken)
            .ConfigureAwait(false);
    }
}
