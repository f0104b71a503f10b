using PhoneNumbers;

namespace MetaCapi.Normalization;

/// <summary>
/// <c>ph</c>: a value starting with <c>+</c> or <c>00</c> (after any opening brackets and white space) is international (<c>00</c> read as <c>+</c>, whatever
/// the region); otherwise the region is the event's country, else the configured default, else none. A number that
/// libphonenumber parses as a possible number becomes its E.164 digits without <c>+</c>; one possible only for local
/// dialling (no area code) is dropped, since it can never match. Anything else keeps its
/// ASCII digits without leading zeros, if 7 to 15 remain, with a warning that the country code is unverified.
/// </summary>
internal static class PhoneRule
{
    public const string Invalid =
        "Not a usable phone number (expected 7 to 15 digits, best written with the country code as +<country code> <number>); the value was dropped.";

    public const string NoCountry =
        "The phone number has no country code and no country is known, so its country code could not be verified; it was sent as its digits. Write it as +<country code> <number>, pass user_data.country, or set META_DEFAULT_COUNTRY.";

    public const string NotPossible =
        "The phone number is not a possible number for its country code or for the event's country, so its country code could not be verified; it was sent as its digits. Check the number and write it as +<country code> <number>.";

    public const string LocalOnly =
        "The phone number lacks its area code: it can only be dialled locally, so it can never match a customer; the value was dropped. Send the full number, best as +<country code> <area code> <number>.";

    /// <summary>libphonenumber's "unknown region": only numbers written with <c>+</c> parse.</summary>
    private const string UnknownRegion = "ZZ";


    private const int MinimumDigits = 7;
    private const int MaximumDigits = 15;

    /// <summary>libphonenumber stops at 250 characters; longer input is not a phone number.</summary>
    private const int MaximumLength = 250;

    /// <param name="value">The value after trimming, NFC and lowercasing.</param>
    /// <param name="region">The region to read national numbers in, an UPPERCASE alpha-2 code, or null.</param>
    public static RuleResult Normalize(string value, string? region)
    {
        var number = AfterOpeningBrackets(value);
        var international = number.StartsWith('+') ? value
            : number.StartsWith("00", StringComparison.Ordinal) ? string.Concat("+", number[2..])
            : null;

        if (value.Length <= MaximumLength && (international is not null || region is not null))
        {
            switch (TryFormatE164(international ?? value, international is null ? region! : UnknownRegion, out var e164))
            {
                case PhoneNumberUtil.ValidationResult.IS_POSSIBLE:
                    return RuleResult.Accepted(e164!);
                case PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
                    return RuleResult.Dropped(LocalOnly);
            }
        }

        return Fallback(value, international is null && region is null ? NoCountry : NotPossible);
    }

    /// <summary>The value from its first character that is neither an opening bracket nor white space: <c>( +44) 20 …</c> → <c>+44) 20 …</c>.</summary>
    private static ReadOnlySpan<char> AfterOpeningBrackets(string value)
    {
        var start = 0;
        while (start < value.Length && (value[start] is '(' or '[' || char.IsWhiteSpace(value[start])))
        {
            start++;
        }

        return value.AsSpan(start);
    }

    /// <summary>
    /// Parses <paramref name="number"/> in <paramref name="region"/>. <see cref="PhoneNumberUtil.ValidationResult.IS_POSSIBLE"/>
    /// gives its E.164 digits; a number possible only for local dialling (<c>555-1212</c> in the US) has none.
    /// </summary>
    private static PhoneNumberUtil.ValidationResult TryFormatE164(string number, string region, out string? e164)
    {
        e164 = null;
        var util = PhoneNumberUtil.GetInstance();
        if (region != UnknownRegion && util.GetCountryCodeForRegion(region) == 0)
        {
            return PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE;
        }

        try
        {
            var parsed = util.Parse(number, region);
            var possible = util.IsPossibleNumberWithReason(parsed);
            if (possible == PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
            {
                e164 = util.Format(parsed, PhoneNumberFormat.E164)[1..];
            }

            return possible;
        }
        catch (NumberParseException)
        {
            return PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE;
        }
    }

    private static RuleResult Fallback(string value, string warning)
    {
        Span<char> digits = stackalloc char[MaximumDigits + 1];
        var length = 0;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) || (length == 0 && c == '0'))
            {
                continue;
            }

            if (length == digits.Length)
            {
                return RuleResult.Dropped(Invalid);
            }

            digits[length++] = c;
        }

        return length >= MinimumDigits && length <= MaximumDigits
            ? RuleResult.AcceptedWithWarning(digits[..length].ToString(), warning)
            : RuleResult.Dropped(Invalid);
    }
}
