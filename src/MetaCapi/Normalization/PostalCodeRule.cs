namespace MetaCapi.Normalization;

/// <summary>
/// <c>zp</c>: keep the part before the first <c>-</c> and remove all white space. For the US, or when no country is
/// known and 9 digits remain, keep the first 5 digits (<c>94035-1234</c> and <c>940351234</c> → <c>94035</c>;
/// <c>M1 1AE</c> → <c>m11ae</c>). Fewer than 2 characters are dropped.
/// </summary>
internal static class PostalCodeRule
{
    public const string TooShort =
        "Not a usable postal code (at least 2 characters are needed before any dash, spaces not counted); the value was dropped.";

    /// <param name="value">The value after trimming, NFC and lowercasing.</param>
    /// <param name="country">The event's country, lowercase alpha-2, or null when none is known.</param>
    public static RuleResult Normalize(string value, string? country)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var part = dash < 0 ? value.AsSpan() : value.AsSpan(0, dash);
        Span<char> buffer = part.Length <= 64 ? stackalloc char[64] : new char[part.Length];
        var length = 0;
        foreach (var c in part)
        {
            if (!JsText.IsWhiteSpace(c))
            {
                buffer[length++] = c;
            }
        }

        var zip = buffer[..length];
        var isUs = string.Equals(country, "us", StringComparison.Ordinal);
        if ((isUs || (country is null && length == 9 && IsDigits(zip))) && length > 5 && IsDigits(zip[..5]))
        {
            zip = zip[..5];
        }

        if (zip.Length < 2)
        {
            return RuleResult.Dropped(TooShort);
        }

        return RuleResult.Accepted(zip.Length == value.Length ? value : zip.ToString());
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
