namespace MetaCapi.Normalization;

/// <summary>
/// <c>country</c>: keep ASCII letters only; two letters must be an ISO 3166-1 alpha-2 code (<c>uk</c> → <c>gb</c>);
/// longer input may be an alpha-3 code or an English name or alias. Anything else is dropped, never truncated.
/// </summary>
internal static class CountryRule
{
    public const string Unknown =
        "Not a country (expected an ISO 3166-1 alpha-2 code such as US or DE, an alpha-3 code, or an English country name); the value was dropped.";

    public const string UnitedKingdom =
        "The United Kingdom's ISO 3166-1 code is GB; the value was sent as gb.";

    public static RuleResult Normalize(string value) => Countries.Lookup(value, out var code) switch
    {
        CountryMatch.None => RuleResult.Dropped(Unknown),
        CountryMatch.UnitedKingdomAsUk => RuleResult.AcceptedWithWarning(code!, UnitedKingdom),
        _ => RuleResult.Accepted(code!),
    };
}
