using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaCapi.Mcp.Rendering;

/// <summary>Source-generated JSON metadata for the tool results (the server ships as Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ToolResult))]
[JsonSerializable(typeof(FileResult))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DatasetQualityToolResult))]
[JsonSerializable(typeof(EventStatsToolResult))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
