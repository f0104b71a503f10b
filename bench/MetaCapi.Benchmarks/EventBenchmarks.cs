using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Json;

namespace MetaCapi.Benchmarks;

/// <summary>
/// One website purchase with full customer data (11 hashed keys, IP, user agent, fbp): validated, normalized and
/// hashed by <see cref="EventPreparer"/>, then serialized as the request body.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EventBenchmarks
{
    private readonly EventPreparer _preparer = new(Sample.Clock);
    private readonly EventInput _input = Sample.FullEvent(1);

    /// <summary>Checks that the sample event is valid, so the benchmark measures the whole path.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var diagnostics = new Validation.Diagnostics();
        if (_preparer.Prepare(_input, diagnostics) is null || diagnostics.All.Count > 0)
        {
            throw new InvalidOperationException("The sample event is not clean: " + string.Join("; ", diagnostics.All));
        }
    }

    /// <summary>Validate, normalize and hash.</summary>
    [Benchmark]
    public ServerEvent? Prepare() => _preparer.Prepare(_input, new Validation.Diagnostics());

    /// <summary>Validate, normalize, hash, and serialize the request body.</summary>
    [Benchmark]
    public byte[] PrepareAndSerialize()
    {
        var prepared = _preparer.Prepare(_input, new Validation.Diagnostics())!;
        return JsonSerializer.SerializeToUtf8Bytes(new EventRequest { Data = [prepared] }, MetaCapiJsonContext.Default.EventRequest);
    }
}
