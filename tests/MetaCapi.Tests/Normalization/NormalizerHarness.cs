using MetaCapi.Events;
using MetaCapi.Normalization;
using MetaCapi.Validation;
using Microsoft.Extensions.Time.Testing;

namespace MetaCapi.Tests.Normalization;

/// <summary>Runs <see cref="UserDataNormalizer"/> on a few values with a fixed "now" (2026-11-27 12:00 UTC).</summary>
internal static class NormalizerHarness
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public static FakeTimeProvider Clock() => new(Now);

    /// <summary>Normalizes single values, each at path <c>user_data.&lt;key&gt;</c>.</summary>
    public static (UserData Data, Diagnostics Diagnostics) Run(params (string Key, string Value)[] values) =>
        RunWithDefault(null, values);

    /// <summary>Like <c>Run</c>, with a default country.</summary>
    public static (UserData Data, Diagnostics Diagnostics) RunWithDefault(string? defaultCountry, params (string Key, string Value)[] values)
    {
        var items = new List<UserDataValue>(values.Length);
        foreach (var (key, value) in values)
        {
            items.Add(new UserDataValue(key, value, "user_data." + key));
        }

        return Run(items, defaultCountry);
    }

    /// <summary>Normalizes the values of one key given as an array, at paths <c>user_data.&lt;key&gt;[i]</c>.</summary>
    public static (UserData Data, Diagnostics Diagnostics) RunArray(string key, params string[] values)
    {
        var items = new List<UserDataValue>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            items.Add(new UserDataValue(key, values[i], $"user_data.{key}[{i}]"));
        }

        return Run(items, null);
    }

    public static (UserData Data, Diagnostics Diagnostics) Run(IReadOnlyList<UserDataValue> items, string? defaultCountry)
    {
        var diagnostics = new Diagnostics();
        var data = new UserDataNormalizer(Clock(), defaultCountry).Normalize(items, diagnostics);
        Assert.DoesNotContain(diagnostics.All, d => d.Severity == DiagnosticSeverity.Error);
        return (data, diagnostics);
    }

    /// <summary>The SHA-256 Meta expects for an already normalized value (computed independently of the library).</summary>
    public static string Hash(string normalized) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalized)));
}
