using System.Globalization;

namespace MetaCapi.Normalization;

/// <summary>
/// <c>db</c>: read as Meta's Parameter Builder does (docs/normalization.md#db): every non-digit separates digit groups; with three
/// or more groups the first three decide (a group above 31 is the year; month-first when day and month are
/// ambiguous); a single group of 8 digits is <c>YYYYMMDD</c>; anything else is dropped. Unlike the Parameter
/// Builder, the result must be a real calendar date from 1900 up to today. Output <c>YYYYMMDD</c>.
/// </summary>
internal static class DateOfBirthRule
{
    public const string NotADate =
        "Not a date of birth that can be read (expected YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or YYYYMMDD with a 4-digit year); the value was dropped.";

    public const string NotACalendarDate =
        "Not a real calendar date (the month must be 1 to 12 and the day must exist in that month); the value was dropped.";

    public const string BeforeMinimumYear =
        "The year of birth is before 1900 (a 4-digit year is needed); the value was dropped.";

    public const string InTheFuture = "The date of birth is in the future; the value was dropped.";

    public const string ReadMonthFirst =
        "The day and month are both 12 or less, so the date was read month-first (MM/DD/YYYY, the US order); if it was meant day-first, send it as YYYY-MM-DD.";

    public const string ReadYearInMiddle =
        "The year is in the middle and the day and month are both 12 or less, so the last number was read as the month; send the date as YYYY-MM-DD to be sure.";

    private const int MinimumYear = 1900;

    /// <summary>Any number at least this large is just "too large"; keeps parsing free of overflow.</summary>
    private const int Saturation = 100_000;

    /// <param name="value">The value after trimming, NFC and lowercasing.</param>
    /// <param name="today">Today's date (UTC); later dates are rejected.</param>
    public static RuleResult Normalize(string value, DateOnly today)
    {
        Span<Range> found = stackalloc Range[3];
        var groups = 0;
        for (var i = 0; i < value.Length;)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
            }

            if (groups < 3)
            {
                found[groups] = start..i;
            }

            groups++;
        }

        int year, month, day;
        string? warning = null;
        if (groups >= 3)
        {
            var (n1, n2, n3) = (Parse(value.AsSpan(found[0])), Parse(value.AsSpan(found[1])), Parse(value.AsSpan(found[2])));
            if (n1 > 31)
            {
                (year, month, day) = n2 > 12 ? (n1, n3, n2) : (n1, n2, n3);
            }
            else if (n2 > 31)
            {
                (year, month, day) = n3 > 12 ? (n2, n1, n3) : (n2, n3, n1);
                warning = n1 <= 12 && n3 <= 12 && n1 != n3 ? ReadYearInMiddle : null;
            }
            else
            {
                (year, month, day) = n1 > 12 ? (n3, n2, n1) : (n3, n1, n2);
                warning = n1 <= 12 && n2 <= 12 && n1 != n2 ? ReadMonthFirst : null;
            }
        }
        else if (groups == 1 && value.AsSpan(found[0]).Length == 8)
        {
            var digits = value.AsSpan(found[0]);
            (year, month, day) = (Parse(digits[..4]), Parse(digits[4..6]), Parse(digits[6..]));
        }
        else
        {
            return RuleResult.Dropped(NotADate);
        }

        if (year < MinimumYear)
        {
            return RuleResult.Dropped(BeforeMinimumYear);
        }

        if (year > today.Year)
        {
            return RuleResult.Dropped(InTheFuture);
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return RuleResult.Dropped(NotACalendarDate);
        }

        if (new DateOnly(year, month, day) > today)
        {
            return RuleResult.Dropped(InTheFuture);
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{year:D4}{month:D2}{day:D2}");
        return warning is null ? RuleResult.Accepted(text) : RuleResult.AcceptedWithWarning(text, warning);
    }

    /// <summary>The value of a run of ASCII digits, leading zeros allowed; anything very large is just large.</summary>
    private static int Parse(ReadOnlySpan<char> digits)
    {
        var number = 0;
        foreach (var c in digits)
        {
            number = number >= Saturation ? Saturation : (number * 10) + (c - '0');
        }

        return number;
    }
}
