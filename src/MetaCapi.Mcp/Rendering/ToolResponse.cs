using System.Text.Json;
using MetaCapi.Mcp.Tools;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Rendering;

/// <summary>Turns a <see cref="ToolResult"/> into the MCP answer: structured content always, text as markdown or the same JSON.</summary>
internal static class ToolResponse
{
    /// <summary>
    /// The output schema every tool advertises: the JSON Schema of <see cref="ToolResult"/> exactly as
    /// <see cref="GenerateOutputSchema"/> makes it, stored next to the code (<c>ToolResultSchema.json</c>) because
    /// generating it at start-up (reflection over the attributes, the schema exporter) was a tenth of the Native AOT
    /// cold start. A test pins the file to the generator, and prints the new schema when <see cref="ToolResult"/> changes.
    /// </summary>
    public static JsonElement OutputSchema { get; } = LoadOutputSchema();

    /// <summary>The JSON Schema of <see cref="ToolResult"/>, generated (what <c>ToolResultSchema.json</c> must hold).</summary>
    public static JsonElement GenerateOutputSchema() =>
        AIJsonUtilities.CreateJsonSchema(typeof(ToolResult), serializerOptions: McpJsonContext.Default.Options);

    private static JsonElement LoadOutputSchema()
    {
        using var stream = typeof(ToolResponse).Assembly.GetManifestResourceStream(OutputSchemaResource)
            ?? throw new InvalidOperationException($"The resource {OutputSchemaResource} is missing from the build.");
        using var schema = JsonDocument.Parse(stream);
        return schema.RootElement.Clone();
    }

    private const string OutputSchemaResource = "MetaCapi.Mcp.ToolResultSchema.json";

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
