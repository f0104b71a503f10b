using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tools;

/// <summary>The event tools (send, batch, preview): results of the <see cref="ToolResult"/> shape, events through the one <see cref="EventPreparer"/>.</summary>
internal abstract class ConversionTool : McpTool<ToolResult>
{
    private readonly IOptions<ConversionsApiOptions> _options;

    protected ConversionTool(Tool protocolTool, EventPreparer preparer, IOptions<ConversionsApiOptions> options, ILogger logger)
        : base(protocolTool, ResultShapes.Conversion, logger)
    {
        Preparer = preparer;
        _options = options;
    }

    /// <summary>The pipeline every tool runs events through.</summary>
    protected EventPreparer Preparer { get; }

    /// <summary>The server's settings (<c>META_*</c>).</summary>
    protected ConversionsApiOptions Options => _options.Value;

    /// <summary>The protocol description of an event tool.</summary>
    protected static Tool Describe(
        string name, string title, string description, System.Text.Json.JsonElement inputSchema,
        bool readOnly, bool destructive, bool idempotent, bool openWorld) =>
        Describe(name, title, description, inputSchema, ResultShapes.Conversion, readOnly, destructive, idempotent, openWorld);
}
