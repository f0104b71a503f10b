using BenchmarkDotNet.Attributes;
using MetaCapi.Events;
using MetaCapi.Normalization;

namespace MetaCapi.Benchmarks;

/// <summary>One raw value of one hashed key through <see cref="UserDataNormalizer"/>: trim, NFC, lowercase, the key's rule, SHA-256.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class FieldBenchmarks
{
    private readonly UserDataNormalizer _normalizer = new(Sample.Clock, defaultCountry: "US");
    private UserDataValue[] _values = [];

    /// <summary>The key; its raw value is <see cref="Sample.RawValues"/>.</summary>
    [Params("em", "ph", "fn", "db", "ct", "st", "zp", "country", "external_id")]
    public string Field { get; set; } = "em";

    /// <summary>Builds the one-value input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _values = [new UserDataValue(Field, Sample.RawValues[Field], "user_data." + Field)];
        var diagnostics = new Validation.Diagnostics();
        if (!_normalizer.Normalize(_values, diagnostics).PresentKeys().Contains(Field) || diagnostics.All.Count > 0)
        {
            throw new InvalidOperationException($"The sample value of {Field} was dropped or warned about; the benchmark would measure the wrong path.");
        }
    }

    /// <summary>Normalizes and hashes the value.</summary>
    [Benchmark]
    public UserData Normalize() => _normalizer.Normalize(_values, new Validation.Diagnostics());
}
