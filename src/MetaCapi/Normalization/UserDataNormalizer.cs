using MetaCapi.Events;
using MetaCapi.Validation;

namespace MetaCapi.Normalization;

/// <summary>One raw <c>user_data</c> value as the caller gave it, with the path its problems are reported at.</summary>
/// <param name="Key">Meta's key (aliases already resolved), e.g. <c>ph</c>.</param>
/// <param name="Value">The raw value, e.g. <c>+44 (0)20 7946 0958</c>.</param>
/// <param name="Path">Where it came from: <c>user_data.ph</c> for a string, <c>user_data.ph[1]</c> for an array item.</param>
public readonly record struct UserDataValue(string Key, string Value, string Path);

/// <summary>Normalizes and hashes raw customer information into the <see cref="UserData"/> Meta receives (SPEC §4.3).</summary>
public sealed class UserDataNormalizer
{
    /// <summary>Creates a normalizer.</summary>
    /// <param name="timeProvider">"Now", for the date-of-birth rule.</param>
    /// <param name="defaultCountry">ISO 3166-1 alpha-2 region for phones without country code when no <c>country</c> is given.</param>
    public UserDataNormalizer(TimeProvider timeProvider, string? defaultCountry = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _ = defaultCountry;
    }

    /// <summary>Normalizes and hashes <paramref name="values"/>; dropped or rewritten values become warnings.</summary>
    public UserData Normalize(IReadOnlyList<UserDataValue> values, Diagnostics diagnostics) =>
        throw new NotImplementedException();
}

/// <summary>TEMPORARY stub.</summary>
public static class FbcDerivation
{
    /// <summary>Stub.</summary>
    public static bool TryDerive(string eventSourceUrl, long eventTimeSeconds, out string fbc) => throw new NotImplementedException();
}
