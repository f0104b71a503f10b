using MetaCapi.Mcp.Rendering;
using MetaCapi.Mcp.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// What the first requests need and the host does not: the tools' schemas and the JSON metadata of the first
/// protocol messages. Prepared on a thread-pool thread from the start of the process, so on a machine with a
/// second core it is ready by the time the main thread has built and started the host (tools/list is answered
/// a few milliseconds sooner); whoever needs a piece first builds it, once.
/// </summary>
internal static class StartupWarmUp
{
    public static void Start() => ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(), null);

    private static void Run()
    {
        try
        {
            _ = ToolSchemas.SingleEvent(pixelRequired: true);
            _ = ToolSchemas.SingleEvent(pixelRequired: false);
            _ = ToolSchemas.Batch();
            _ = ToolSchemas.DatasetQuality();
            _ = ToolSchemas.EventStats();
            _ = ResultShapes.Conversion.OutputSchema;
            _ = ResultShapes.DatasetQuality.OutputSchema;
            _ = ResultShapes.EventStats.OutputSchema;
            var protocol = McpJsonUtilities.DefaultOptions;
            _ = protocol.GetTypeInfo(typeof(JsonRpcMessage));
            _ = protocol.GetTypeInfo(typeof(InitializeRequestParams));
            _ = protocol.GetTypeInfo(typeof(InitializeResult));
            _ = protocol.GetTypeInfo(typeof(ListToolsResult));

            // Last, for the first tools/call rather than for tools/list: the result metadata of the event tools.
            _ = ResultShapes.Conversion.TypeInfo;
        }
#pragma warning disable CA1031 // A failure here would only be a head start lost: the main thread meets and reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
