namespace MetaCapi.Normalization;

/// <summary>
/// What a field rule made of one value: the normalized text to hash (null when the value is dropped), and the
/// warning to report, if any. A warning never contains the value itself.
/// </summary>
/// <param name="Value">The normalized value, or null when the rule rejected it.</param>
/// <param name="Warning">Why it was dropped or what was assumed; null when there is nothing to say.</param>
internal readonly record struct RuleResult(string? Value, string? Warning)
{
    /// <summary>Accepted as is, nothing to report.</summary>
    public static RuleResult Accepted(string value) => new(value, null);

    /// <summary>Accepted, with something the caller should know.</summary>
    public static RuleResult AcceptedWithWarning(string value, string warning) => new(value, warning);

    /// <summary>Rejected; <paramref name="warning"/> says what was wrong and what is accepted.</summary>
    public static RuleResult Dropped(string warning) => new(null, warning);
}
