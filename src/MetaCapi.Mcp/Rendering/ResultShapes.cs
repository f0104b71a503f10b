namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// The result shapes of the tools. A new kind of result adds its record (in a source-generated context), its stored
/// schema (an embedded <c>*Schema.json</c> resource) and its shape here; <c>OutputSchemaTests</c> checks each.
/// </summary>
internal static class ResultShapes
{
    /// <summary>The result of the event tools (send, batch, preview): <see cref="ToolResult"/>.</summary>
    public static ResultShape<ToolResult> Conversion { get; } = new(
        static () => McpJsonContext.Default.ToolResult,
        "MetaCapi.Mcp.ToolResultSchema.json",
        MarkdownRenderer.Render,
        static result => result.Status is ToolResult.Statuses.Rejected or ToolResult.Statuses.Failed,
        ResultFactory.InternalError);

    /// <summary>The result of the file tools (preview and send) and of <c>upload --json</c>: <see cref="FileResult"/>.</summary>
    public static ResultShape<FileResult> File { get; } = new(
        static () => McpJsonContext.Default.FileResult,
        "MetaCapi.Mcp.FileResultSchema.json",
        FileMarkdownRenderer.Render,
        static result => result.Status is FileResult.Statuses.Rejected or FileResult.Statuses.Failed,
        FileResultFactory.InternalError);

    /// <summary>The result of <c>meta_get_dataset_quality</c>: <see cref="DatasetQualityToolResult"/>.</summary>
    public static ResultShape<DatasetQualityToolResult> DatasetQuality { get; } = new(
        static () => McpJsonContext.Default.DatasetQualityToolResult,
        "MetaCapi.Mcp.DatasetQualityResultSchema.json",
        ReadMarkdown.Quality,
        static result => result.Status is ReadStatuses.Rejected or ReadStatuses.Failed,
        ReadResultFactory.QualityInternalError);

    /// <summary>The result of <c>meta_get_event_stats</c>: <see cref="EventStatsToolResult"/>.</summary>
    public static ResultShape<EventStatsToolResult> EventStats { get; } = new(
        static () => McpJsonContext.Default.EventStatsToolResult,
        "MetaCapi.Mcp.EventStatsResultSchema.json",
        ReadMarkdown.Stats,
        static result => result.Status is ReadStatuses.Rejected or ReadStatuses.Failed,
        ReadResultFactory.StatsInternalError);
}
