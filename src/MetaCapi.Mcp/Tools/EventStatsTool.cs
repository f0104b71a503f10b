using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary><c>meta_get_event_stats</c>: the pixel's hourly stats over a window, summed per event and split by source.</summary>
internal sealed class EventStatsTool : McpTool<EventStatsToolResult>
{
    public const string ToolName = "meta_get_event_stats";

    private const string Description =
        "Count what Meta received for a Meta Pixel (dataset) over a window (default: the last 24 hours): per event name, the total " +
        "and how many came from a server (the Conversions API), from the browser Pixel or from elsewhere, and how many events carried " +
        "each match key, from the pixel's hourly stats with every page summed. Answers \"is my server integration live, and which " +
        "events arrive from where?\". Read-only: nothing is sent or changed. Warns when an event arrives only from the browser (send " +
        "it from the server too, with event_id equal to the Pixel's eventID) or only from the server. Counts are Meta's own; they " +
        "lag by minutes up to an hour and go back about 7 days. Events sent with test_event_code are checked in Events Manager → " +
        "Test Events. For Meta's match quality score and what to fix, use meta_get_dataset_quality. Needs a token that may read " +
        "the dataset (a system user token with ads_read); a token generated in Events Manager may send but not read.";

    private static readonly string[] Parameters = ["pixel_id", "since", "until", "response_format"];

    private readonly IOptions<ConversionsApiOptions> _options;
    private readonly IServiceProvider _rootServices;
    private readonly TimeProvider _timeProvider;

    public EventStatsTool(
        IOptions<ConversionsApiOptions> options,
        IServiceProvider rootServices,
        TimeProvider timeProvider,
        ILogger<EventStatsTool> logger)
        : base(
            Describe(ToolName, "Get Event Stats (server vs browser)", Description, ToolSchemas.EventStats(), ResultShapes.EventStats,
                readOnly: true, destructive: false, idempotent: true, openWorld: true),
            ResultShapes.EventStats,
            logger)
    {
        _options = options;
        _rootServices = rootServices;
        _timeProvider = timeProvider;
    }

    protected override async ValueTask<EventStatsToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var (arguments, diagnostics) = (call.Arguments, call.Diagnostics);
        ReadArguments.RejectUnknown(arguments, diagnostics, Parameters);
        var pixelId = ReadArguments.PixelId(arguments, diagnostics);
        var window = ReadArguments.Window(arguments, diagnostics, _timeProvider.GetUtcNow());
        EventCall.RequireToken(_options.Value, diagnostics, pixelId, TokenPurpose.Read);
        if (diagnostics.HasErrors || pixelId is null || window is not var (since, until))
        {
            ToolLog.ReadRejected(Logger, Name, diagnostics.ErrorCount);
            return ReadResultFactory.StatsRejected(pixelId, window is var (s, u) ? ReadResultFactory.Window(s, u) : null, diagnostics);
        }

        var client = (call.Services ?? _rootServices).GetRequiredService<ConversionsApiClient>();
        var read = await client.GetEventStatsAsync(pixelId, since, until, cancellationToken).ConfigureAwait(false);
        ToolLog.Read(Logger, Name, pixelId, read.Status, read.Attempts, read.Error?.Code, read.FbtraceId);
        return ReadResultFactory.Stats(read, diagnostics);
    }
}
