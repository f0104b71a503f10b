using System.Text.Json;
using MetaCapi.Mcp.Rendering;

namespace MetaCapi.Mcp.Tests;

/// <summary>The output schema the server ships (Rendering/ToolResultSchema.json) is the one generated from ToolResult.</summary>
public sealed class OutputSchemaTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void The_stored_output_schema_is_the_one_generated_from_ToolResult()
    {
        var generated = ToolResponse.GenerateOutputSchema();

        Assert.True(JsonElement.DeepEquals(generated, ToolResponse.OutputSchema),
            "ToolResult changed: replace src/MetaCapi.Mcp/Rendering/ToolResultSchema.json with\n" + JsonSerializer.Serialize(generated, Indented));
    }
}
