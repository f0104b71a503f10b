using System.Text.Json;
using MetaCapi.Mcp.Tools;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Rendering;

/// <summary>Turns a <see cref="ToolResult"/> into the MCP answer: structured content always, text as markdown or the same JSON.</summary>
internal static class ToolResponse
{
    /// <summary>The output schema every tool advertises, generated from <see cref="ToolResult"/>.</summary>
    public static JsonElement OutputSchema { get; } = AIJsonUtilities.CreateJsonSchema(
        typeof(ToolResult),
        serializerOptions: McpJsonContext.Default.Options);

    public static CallToolResult Create(ToolResult result, ResponseFormat format)
    {
        var structured = JsonSerializer.SerializeToElement(result, McpJsonContext.Default.ToolResult);
        var text = format == ResponseFormat.Json ? structured.GetRawText() : MarkdownRenderer.Render(result);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = structured,
            IsError = result.Status is ToolResult.Statuses.Rejected or ToolResult.Statuses.Failed,
        };
    }
}
