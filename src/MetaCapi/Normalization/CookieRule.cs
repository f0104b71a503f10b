namespace MetaCapi.Normalization;

/// <summary>
/// <c>fbc</c>, <c>fbp</c>: must be <c>fb.&lt;digit&gt;.&lt;digits&gt;.&lt;value&gt;</c>, optionally followed by a
/// 5th part of 2 or 8 characters of <c>[A-Za-z0-9_-]</c> (the Parameter Builder's appendix; docs/normalization.md#fbc-and-fbp). Sent
/// exactly as given; never lowercased or reformatted.
/// </summary>
internal static class CookieRule
{
    public const string InvalidFbc =
        "Not a valid fbc (expected the _fbc cookie as fb.<subdomain index>.<creation time in ms>.<fbclid>); the value was dropped.";

    public const string InvalidFbp =
        "Not a valid fbp (expected the _fbp cookie as fb.<subdomain index>.<creation time in ms>.<random number>); the value was dropped.";

    public static RuleResult NormalizeFbc(string value) =>
        IsValid(value) ? RuleResult.Accepted(value) : RuleResult.Dropped(InvalidFbc);

    public static RuleResult NormalizeFbp(string value) =>
        IsValid(value) ? RuleResult.Accepted(value) : RuleResult.Dropped(InvalidFbp);

    /// <summary>Whether <paramref name="value"/> has the form of an <c>_fbc</c> or <c>_fbp</c> cookie.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        var index = 0;
        foreach (var range in value.Split('.'))
        {
            var part = value[range];
            var valid = index switch
            {
                0 => part.SequenceEqual("fb"),
                1 => part.Length == 1 && char.IsAsciiDigit(part[0]),
                2 => part.Length > 0 && !part.ContainsAnyExceptInRange('0', '9'),
                3 => part.Length > 0 && IsPrintable(part),
                4 => PreHashed.IsAppendix(part),
                _ => false,
            };
            if (!valid)
            {
                return false;
            }

            index++;
        }

        return index is 4 or 5;
    }

    private static bool IsPrintable(ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            if (char.IsControl(c) || JsText.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
