namespace MetaCapi.Normalization;

/// <summary><c>external_id</c>: remove all white space (it is already lowercased), as Meta's newest SDK does before hashing.</summary>
internal static class ExternalIdRule
{
    public const string Empty = "The external ID is empty; the value was dropped.";

    public static RuleResult Normalize(string value)
    {
        var kept = 0;
        foreach (var c in value)
        {
            if (!JsText.IsWhiteSpace(c))
            {
                kept++;
            }
        }

        if (kept == 0)
        {
            return RuleResult.Dropped(Empty);
        }

        return RuleResult.Accepted(kept == value.Length ? value : string.Create(kept, value, static (destination, source) =>
        {
            var length = 0;
            foreach (var c in source)
            {
                if (!JsText.IsWhiteSpace(c))
                {
                    destination[length++] = c;
                }
            }
        }));
    }
}
