namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// The result shapes of the tools. A new kind of result adds its record (in a source-generated context), its stored
/// schema (an embedded <c>*Schema.json</c> resource) and its shape here; <c>OutputSchemaTests</c> checks each.
/// </summary>
internal static class ResultShapes
{
    /// <summary>The result of the event tools (send, batch, preview): <see cref="ToolResult"/>.</summary>
    public static ResultShape<ToolResult> Conversion { get; } = new(
        McpJsonContext.Default.ToolResult,
        "MetaCapi.Mcp.ToolResultSchema.json",
        MarkdownRenderer.Render,
        static result => result.Status is ToolResult.Statuses.Rejected or ToolResult.Statuses.Failed,
        ResultFactory.InternalError);

    /// <summary>The result of the file tools (preview and send) and of <c>upload --json</c>: <see cref="FileResult"/>.</summary>
    public static ResultShape<FileResult> File { get; } = new(
        McpJsonContext.Default.FileResult,
        "MetaCapi.Mcp.FileResultSchema.json",
        FileMarkdownRenderer.Render,
        static result => result.Status is FileResult.Statuses.Rejected or FileResult.Statuses.Failed,
        FileResultFactory.InternalError);
}
