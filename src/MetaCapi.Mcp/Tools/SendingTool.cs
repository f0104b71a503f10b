using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Quality;
using MetaCapi.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tools;

/// <summary>What the two sending tools share: the refusal when validation failed, and the delivery to Meta.</summary>
internal abstract class SendingTool(
    Tool protocolTool, EventPreparer preparer, IOptions<ConversionsApiOptions> options, IServiceProvider rootServices, ILogger logger)
    : ConversionTool(protocolTool, preparer, options, logger)
{
    protected ToolResult Reject(CallFacts facts, Diagnostics diagnostics, int eventCount)
    {
        ToolLog.Rejected(Logger, Name, eventCount, diagnostics.ErrorCount);
        ToolMetrics.CountEvents(Name, ToolResult.Statuses.Rejected, eventCount);
        return ResultFactory.Rejected(facts, diagnostics);
    }

    /// <summary>Posts <paramref name="events"/> in one request and turns Meta's answer into the result.</summary>
    /// <param name="facts">What the call is about; <see cref="CallFacts.PixelId"/> is valid here.</param>
    /// <param name="events">The prepared events.</param>
    /// <param name="quality">The match-quality assessment of the events.</param>
    /// <param name="diagnostics">The warnings so far.</param>
    /// <param name="services">The request's services (the typed client is resolved per call).</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    protected async ValueTask<ToolResult> DeliverAsync(
        CallFacts facts,
        IReadOnlyList<ServerEvent> events,
        MatchQualityReport quality,
        Diagnostics diagnostics,
        IServiceProvider? services,
        CancellationToken cancellationToken)
    {
        var client = (services ?? rootServices).GetRequiredService<ConversionsApiClient>();
        var request = new EventRequest { Data = events, TestEventCode = facts.TestEventCode };
        var delivery = await client.SendAsync(facts.PixelId!, request, cancellationToken).ConfigureAwait(false);
        ToolLog.Delivered(Logger, Name, facts.PixelId!, events.Count, facts.MatchKeys, delivery.Status, delivery.Attempts,
            delivery.EventsReceived, delivery.Error?.Code, delivery.FbtraceId ?? delivery.Error?.FbtraceId);
        ToolMetrics.CountEvents(
            Name, delivery.Status == DeliveryStatus.Sent ? ToolResult.Statuses.Sent : ToolResult.Statuses.Failed, events.Count);
        return ResultFactory.Delivered(facts, diagnostics, delivery, quality);
    }
}
