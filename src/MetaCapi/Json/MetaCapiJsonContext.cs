using System.Text.Json.Serialization;
using MetaCapi.Events;
using MetaCapi.Graph;

namespace MetaCapi.Json;

/// <summary>
/// Source-generated JSON metadata for everything the library reads or writes (the server ships as Native AOT,
/// so nothing is serialized by reflection). Wire names come from <c>[JsonPropertyName]</c>; unset fields are omitted.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventRequest))]
[JsonSerializable(typeof(ServerEvent))]
[JsonSerializable(typeof(DeliveryResult))]
[JsonSerializable(typeof(GraphError))]
[JsonSerializable(typeof(DatasetQualityResult))]
[JsonSerializable(typeof(EventStatsResult))]
internal sealed partial class MetaCapiJsonContext : JsonSerializerContext;
