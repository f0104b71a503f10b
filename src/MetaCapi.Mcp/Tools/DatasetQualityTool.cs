using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary><c>meta_get_dataset_quality</c>: Meta's Dataset Quality API for a pixel, per event, with advice naming the send tools' parameters.</summary>
internal sealed class DatasetQualityTool : McpTool<DatasetQualityToolResult>
{
    public const string ToolName = "meta_get_dataset_quality";

    private const string Description =
        "Read what Meta made of the events of a Meta Pixel (dataset), from Meta's Dataset Quality API: per event name, Meta's own " +
        "Event Match Quality score (0-10, with Meta's band poor/ok/good/great; Meta's target is 6+), the share of events carrying each " +
        "match key (em, ph, fbc, external_id, client_ip_address, …), Meta's diagnostics with its solutions, event coverage (Pixel " +
        "events also sent from the server, against Meta's goal), deduplication by event_id, data freshness, and additional " +
        "conversions reported. Read-only: nothing is sent or changed. The result ends with advice, most valuable first, each naming " +
        "the parameter of meta_send_conversion_event that fixes it (user_data.ph, event_id, …). Values Meta does not return are " +
        "null, never estimated. Meta computes these over recent days (EMQ over about 48 hours), so a test event sent a minute ago " +
        "does not show yet: use meta_get_event_stats to see arrivals. Needs a token that may read the dataset (a system user token " +
        "with ads_read); a token generated in Events Manager may send but not read, and the error then says which token to use.";

    private static readonly string[] Parameters = ["pixel_id", "agent_name", "response_format"];

    private readonly IOptions<ConversionsApiOptions> _options;
    private readonly IServiceProvider _rootServices;

    public DatasetQualityTool(IOptions<ConversionsApiOptions> options, IServiceProvider rootServices, ILogger<DatasetQualityTool> logger)
        : base(
            Describe(ToolName, "Get Dataset Quality (Event Match Quality)", Description, ToolSchemas.DatasetQuality(), ResultShapes.DatasetQuality,
                readOnly: true, destructive: false, idempotent: true, openWorld: true),
            ResultShapes.DatasetQuality,
            logger)
    {
        _options = options;
        _rootServices = rootServices;
    }

    protected override async ValueTask<DatasetQualityToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var (arguments, diagnostics) = (call.Arguments, call.Diagnostics);
        ReadArguments.RejectUnknown(arguments, diagnostics, Parameters);
        var pixelId = ReadArguments.PixelId(arguments, diagnostics);
        var agentName = ReadArguments.AgentName(arguments, diagnostics);
        EventCall.RequireToken(_options.Value, diagnostics, pixelId, TokenPurpose.Read);
        if (diagnostics.HasErrors || pixelId is null)
        {
            ToolLog.ReadRejected(Logger, Name, diagnostics.ErrorCount);
            return ReadResultFactory.QualityRejected(pixelId, agentName, diagnostics);
        }

        var client = (call.Services ?? _rootServices).GetRequiredService<ConversionsApiClient>();
        var read = await client.GetDatasetQualityAsync(pixelId, agentName, cancellationToken).ConfigureAwait(false);
        ToolLog.Read(Logger, Name, pixelId, read.Status, read.Attempts, read.Error?.Code, read.FbtraceId);
        return ReadResultFactory.Quality(read, diagnostics);
    }
}
