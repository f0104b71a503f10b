namespace MetaCapi.Normalization;

/// <summary>
/// <c>st</c>: keep ASCII letters only (accented letters are dropped, as Meta does). The exact full name of a US
/// state or Canadian province becomes its 2-letter code (<c>New York</c> → <c>ny</c>); two letters are kept; any
/// other value is kept whole (no guessing from parts of a name, no truncation).
/// </summary>
internal static class StateRule
{
    public const string Empty =
        "No ASCII letters in the state (expected a 2-letter code such as CA or a full state or province name); the value was dropped.";

    public static RuleResult Normalize(string value)
    {
        var letters = AsciiLetters.Keep(value);
        if (letters.Length == 0)
        {
            return RuleResult.Dropped(Empty);
        }

        return letters.Length != 2 && Regions.TryGetCode(letters, out var code)
            ? RuleResult.Accepted(code!)
            : RuleResult.Accepted(letters);
    }
}
