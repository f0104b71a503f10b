namespace MetaCapi.Normalization;

/// <summary>
/// <c>fn</c>, <c>ln</c>: remove all white space and ASCII punctuation, keep every other character, as Meta's
/// Parameter Builder does (<c>Mary-Jane</c> → <c>maryjane</c>, <c>O'Brien</c> → <c>obrien</c>, <c>José</c> → <c>josé</c>).
/// </summary>
internal static class NameRule
{
    public const string Empty =
        "Nothing is left of the name after removing spaces and punctuation (expected a name with letters); the value was dropped.";

    public static RuleResult Normalize(string value)
    {
        var kept = value.Length;
        foreach (var c in value)
        {
            if (IsRemoved(c))
            {
                kept--;
            }
        }

        if (kept == 0)
        {
            return RuleResult.Dropped(Empty);
        }

        if (kept == value.Length)
        {
            return RuleResult.Accepted(value);
        }

        return RuleResult.Accepted(string.Create(kept, value, static (destination, source) =>
        {
            var length = 0;
            foreach (var c in source)
            {
                if (!IsRemoved(c))
                {
                    destination[length++] = c;
                }
            }
        }));
    }

    private static bool IsRemoved(char c) => JsText.IsAsciiPunctuation(c) || JsText.IsWhiteSpace(c);
}
