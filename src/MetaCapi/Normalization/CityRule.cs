namespace MetaCapi.Normalization;

/// <summary>
/// <c>ct</c>: keep only ASCII letters and digits, which must then start with a letter, as Meta's own normalizer
/// does (<c>San Francisco</c> → <c>sanfrancisco</c>, <c>Saint-Étienne</c> → <c>sainttienne</c>).
/// </summary>
internal static class CityRule
{
    public const string Invalid =
        "Not a usable city (Meta keeps only its ASCII letters and digits, and they must start with a letter); the value was dropped.";

    public static RuleResult Normalize(string value)
    {
        var kept = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                kept++;
            }
        }

        if (kept == 0)
        {
            return RuleResult.Dropped(Invalid);
        }

        var city = kept == value.Length && !value.AsSpan().ContainsAnyInRange('A', 'Z')
            ? value
            : string.Create(kept, value, static (destination, source) =>
            {
                var length = 0;
                foreach (var c in source)
                {
                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        destination[length++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                    }
                }
            });
        return char.IsAsciiLetter(city[0]) ? RuleResult.Accepted(city) : RuleResult.Dropped(Invalid);
    }
}
