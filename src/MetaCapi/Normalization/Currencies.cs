namespace MetaCapi.Normalization;

/// <summary>TEMPORARY stub until the ISO 4217 table lands.</summary>
public static class Currencies
{
    /// <summary>Whether <paramref name="code"/> is an ISO 4217 code, any case.</summary>
    public static bool IsIsoCode(string code) =>
        code is { Length: 3 } && code.ToUpperInvariant() is "USD" or "EUR" or "GBP" or "JPY" or "CAD" or "AUD" or "CHF" or "SEK";
}
