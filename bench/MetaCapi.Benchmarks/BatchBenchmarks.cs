using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Json;

namespace MetaCapi.Benchmarks;

// Validation.Diagnostics, not Diagnostics: BenchmarkDotNet brings in an assembly with a top-level namespace of that name.

/// <summary>
/// A batch of 1000 distinct events with full customer data, validated, normalized, hashed and serialized as one
/// request body: what <c>meta_send_conversion_events</c> does before it sends. Target: ≤ 20 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BatchBenchmarks
{
    private const int Count = EventRequest.MaxEvents;

    private readonly EventPreparer _preparer = new(Sample.Clock);
    private EventInput[] _inputs = [];
    private JsonDocument _arguments = null!;
    private JsonElement[] _items = [];

    /// <summary>Builds the 1000 events, as .NET objects and as the JSON items of a tool's <c>events</c> argument.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _inputs = [.. Enumerable.Range(0, Count).Select(Sample.FullEvent)];
        var events = new JsonArray([.. Enumerable.Range(0, Count).Select(i => (JsonNode)Sample.FullEventJson(i))]);
        _arguments = JsonDocument.Parse(events.ToJsonString());
        _items = [.. _arguments.RootElement.EnumerateArray()];

        foreach (var body in new[] { PrepareAndSerialize(), OneCore(), ReadPrepareAndSerialize() })
        {
            if (JsonDocument.Parse(body).RootElement.GetProperty("data").GetArrayLength() != Count)
            {
                throw new InvalidOperationException("The sample batch is not clean: some events were not prepared.");
            }
        }
    }

    /// <summary>Releases the parsed arguments.</summary>
    [GlobalCleanup]
    public void Cleanup() => _arguments.Dispose();

    /// <summary><see cref="EventPreparer.PrepareBatch(IReadOnlyList{EventInput}, Validation.Diagnostics)"/> (all cores), then the body.</summary>
    [Benchmark(Baseline = true)]
    public byte[] PrepareAndSerialize() => Serialize(_preparer.PrepareBatch(_inputs, new Validation.Diagnostics()));

    /// <summary>The same work on one core: <see cref="EventPreparer.Prepare(EventInput, Validation.Diagnostics)"/> in a loop, then the body.</summary>
    [Benchmark]
    public byte[] OneCore()
    {
        var diagnostics = new Validation.Diagnostics();
        var prepared = new ServerEvent?[Count];
        for (var i = 0; i < _inputs.Length; i++)
        {
            prepared[i] = _preparer.Prepare(_inputs[i], diagnostics.WithPrefix(string.Create(CultureInfo.InvariantCulture, $"events[{i}]")));
        }

        return Serialize(prepared);
    }

    /// <summary>What the batch tool runs: read each JSON item, prepare (all cores), serialize.</summary>
    [Benchmark]
    public byte[] ReadPrepareAndSerialize() => Serialize(_preparer.PrepareBatch(_items, new Validation.Diagnostics()));

    private static byte[] Serialize(ServerEvent?[] prepared) =>
        JsonSerializer.SerializeToUtf8Bytes(new EventRequest { Data = prepared! }, MetaCapiJsonContext.Default.EventRequest);
}
