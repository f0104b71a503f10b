using System.Text.Json;
using MetaCapi.Mcp.Rendering;

namespace MetaCapi.Mcp.Tests;

/// <summary>Each output schema the server ships (an embedded *Schema.json) is the one generated from its result type.</summary>
public sealed class OutputSchemaTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void The_stored_output_schema_of_the_event_tools_is_the_one_generated_from_ToolResult() =>
        AssertStoredSchemaIsGenerated(ResultShapes.Conversion);

    [Fact]
    public void The_stored_output_schema_of_the_file_tools_is_the_one_generated_from_FileResult() =>
        AssertStoredSchemaIsGenerated(ResultShapes.File);

    [Fact]
    public void The_stored_output_schema_of_the_dataset_quality_tool_is_the_one_generated_from_its_result() =>
        AssertStoredSchemaIsGenerated(ResultShapes.DatasetQuality);

    [Fact]
    public void The_stored_output_schema_of_the_event_stats_tool_is_the_one_generated_from_its_result() =>
        AssertStoredSchemaIsGenerated(ResultShapes.EventStats);

    private static void AssertStoredSchemaIsGenerated<TResult>(ResultShape<TResult> shape)
        where TResult : class
    {
        var generated = shape.GenerateOutputSchema();

        Assert.True(JsonElement.DeepEquals(generated, shape.OutputSchema),
            $"{typeof(TResult).Name} changed: replace the resource {shape.SchemaResource} (under src/MetaCapi.Mcp/Rendering) with\n" +
            JsonSerializer.Serialize(generated, Indented));
    }
}
