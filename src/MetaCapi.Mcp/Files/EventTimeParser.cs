using System.Globalization;

namespace MetaCapi.Files;

/// <summary>
/// Reads the date and time of a file cell into Unix seconds: Unix seconds or milliseconds (10 or 13 digits, a
/// fraction allowed), ISO 8601 with or without an offset, and the common forms of spreadsheets and exports
/// (<c>2025-03-14 09:30</c>, <c>03/14/2025 9:30 AM</c>, <c>14.03.2025 09:30</c>, <c>2025/03/14</c>,
/// <c>20250314093000</c>, RFC 1123). A time without an offset is read in the upload's time zone. Slashes are read month
/// first, as US exports write them, unless the first number cannot be a month; dots are read day first.
/// </summary>
internal sealed class EventTimeParser
{
    /// <summary>What <see cref="TryParse"/> says about a cell it could not read; never quotes the cell.</summary>
    public const string Accepted =
        "Unix seconds or milliseconds, ISO 8601 (2025-03-14T09:30:00Z, 2025-03-14 09:30:00+01:00, 2025-03-14), " +
        "MM/DD/YYYY [hh:mm[:ss] [AM|PM]], DD.MM.YYYY [hh:mm[:ss]], YYYY/MM/DD [hh:mm[:ss]] or YYYYMMDDhhmmss";

    public const string MonthFirstWarning =
        "event_time: a date written with slashes whose day and month are both 12 or less was read month first (MM/DD/YYYY, " +
        "as US exports write it); write dates as YYYY-MM-DD to avoid the doubt.";

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF zzz", "yyyy-MM-dd HH:mm:ss.FFFFFFF zzz", "r",
    ];

    private static readonly string[] LocalIsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
        "yyyy/MM/dd HH:mm:ss.FFFFFFF", "yyyy/MM/dd HH:mm", "yyyy/MM/dd", "yyyyMMddHHmmss", "yyyyMMdd'T'HHmmss",
    ];

    private static readonly string[] MonthFirstFormats =
    [
        "M/d/yyyy H:mm:ss.FFFFFFF", "M/d/yyyy H:mm", "M/d/yyyy h:mm:ss.FFFFFFF tt", "M/d/yyyy h:mm tt", "M/d/yyyy",
        "M/d/yy H:mm", "M/d/yy h:mm tt", "M/d/yy",
    ];

    private static readonly string[] DayFirstSlashFormats =
    [
        "d/M/yyyy H:mm:ss.FFFFFFF", "d/M/yyyy H:mm", "d/M/yyyy", "d/M/yy H:mm", "d/M/yy",
    ];

    private static readonly string[] DayFirstDotFormats =
    [
        "d.M.yyyy H:mm:ss.FFFFFFF", "d.M.yyyy H:mm", "d.M.yyyy", "d.M.yy H:mm", "d.M.yy",
    ];

    private readonly TimeZoneInfo _timeZone;

    public EventTimeParser(TimeZoneInfo timeZone)
    {
        _timeZone = timeZone;
    }

    /// <summary>The result of reading one cell.</summary>
    public enum Outcome
    {
        /// <summary>Read.</summary>
        Read,

        /// <summary>Read, month first, though day first was possible too.</summary>
        ReadMonthFirst,

        /// <summary>Not a date or time this parser knows.</summary>
        Unreadable,

        /// <summary>A local time that does not exist in the time zone (skipped by a daylight-saving change).</summary>
        SkippedByClockChange,
    }

    /// <summary>Reads <paramref name="text"/> (trimmed) into Unix seconds.</summary>
    public Outcome TryParse(ReadOnlySpan<char> text, out long unixSeconds)
    {
        unixSeconds = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return Outcome.Unreadable;
        }

        if (TryUnix(text, out unixSeconds))
        {
            return Outcome.Read;
        }

        if (TryIso(text, out var fast, out var offset))
        {
            if (offset is { } known)
            {
                unixSeconds = new DateTimeOffset(fast, known).ToUnixTimeSeconds();
                return Outcome.Read;
            }

            return FromLocal(fast, Outcome.Read, out unixSeconds);
        }

        var invariant = CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParseExact(text, OffsetFormats, invariant, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal,
                out var withOffset) && HasOffset(text))
        {
            unixSeconds = withOffset.ToUnixTimeSeconds();
            return Outcome.Read;
        }

        if (DateTime.TryParseExact(text, LocalIsoFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return FromLocal(local, Outcome.Read, out unixSeconds);
        }

        if (text.Contains('/'))
        {
            if (DateTime.TryParseExact(text, MonthFirstFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out local))
            {
                var ambiguous = DateTime.TryParseExact(text, DayFirstSlashFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out var dayFirst)
                                && dayFirst != local;
                return FromLocal(local, ambiguous ? Outcome.ReadMonthFirst : Outcome.Read, out unixSeconds);
            }

            if (DateTime.TryParseExact(text, DayFirstSlashFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out local))
            {
                return FromLocal(local, Outcome.Read, out unixSeconds);
            }
        }

        if (text.Contains('.') && DateTime.TryParseExact(text, DayFirstDotFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out local))
        {
            return FromLocal(local, Outcome.Read, out unixSeconds);
        }

        return Outcome.Unreadable;
    }

    private Outcome FromLocal(DateTime local, Outcome success, out long unixSeconds)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (_timeZone.IsInvalidTime(local))
        {
            unixSeconds = 0;
            return Outcome.SkippedByClockChange;
        }

        // An ambiguous local time (the hour repeated when clocks go back) is read as standard time, as TimeZoneInfo does.
        unixSeconds = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, _timeZone), TimeSpan.Zero).ToUnixTimeSeconds();
        return success;
    }

    /// <summary>
    /// The shape most exports write, read without the format machinery (a tenth of the time, which counts at a million
    /// rows): <c>yyyy-MM-dd</c>, then optionally <c>T</c> or a space, <c>HH:mm</c>, <c>:ss</c>, a fraction, and <c>Z</c> or
    /// <c>±hh:mm</c>. Anything else (or an impossible date) is left to the general formats.
    /// </summary>
    private static bool TryIso(ReadOnlySpan<char> text, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || year < 1)
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        var rest = text[10..];
        if (!rest.IsEmpty)
        {
            if (rest.Length < 6 || rest[0] is not ('T' or ' ') || rest[3] != ':'
                || !Digits(rest.Slice(1, 2), out hour) || !Digits(rest.Slice(4, 2), out minute) || hour > 23 || minute > 59)
            {
                return false;
            }

            rest = rest[6..];
            if (rest.Length >= 3 && rest[0] == ':')
            {
                if (!Digits(rest.Slice(1, 2), out second) || second > 59)
                {
                    return false;
                }

                rest = rest[3..];
                if (!rest.IsEmpty && rest[0] == '.')
                {
                    var digits = 1;
                    while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                    {
                        digits++;
                    }

                    rest = rest[digits..];
                }
            }

            if (rest.Length == 1 && rest[0] is 'Z' or 'z')
            {
                offset = TimeSpan.Zero;
            }
            else if (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':'
                     && Digits(rest.Slice(1, 2), out var offsetHours) && Digits(rest.Slice(4, 2), out var offsetMinutes)
                     && offsetHours <= 14 && offsetMinutes <= 59)
            {
                var span = new TimeSpan(offsetHours, offsetMinutes, 0);
                offset = rest[0] == '-' ? -span : span;
            }
            else if (!rest.IsEmpty)
            {
                return false;
            }
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>10-digit seconds or 13-digit milliseconds, a fraction allowed (<c>1741944600.5</c>).</summary>
    private static bool TryUnix(ReadOnlySpan<char> text, out long seconds)
    {
        seconds = 0;
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        if (whole.IsEmpty || whole.Length > 16 || whole.ContainsAnyExceptInRange('0', '9')
            || (dot >= 0 && (dot == text.Length - 1 || text[(dot + 1)..].ContainsAnyExceptInRange('0', '9'))))
        {
            return false;
        }

        var value = long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
        switch (whole.Length)
        {
            case 9 or 10:
                seconds = value;
                return true;
            case 12 or 13:
                seconds = value / 1000;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether the text carries its own offset (<c>Z</c>, <c>+01:00</c>, <c>GMT</c>), so the zone is not needed.</summary>
    private static bool HasOffset(ReadOnlySpan<char> text)
    {
        var last = text[^1];
        if (last is 'Z' or 'z' || text.EndsWith("GMT", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // ±hh:mm or ±hhmm or ±hh after the time part.
        var t = text.LastIndexOfAny('T', ' ');
        if (t < 0)
        {
            return false;
        }

        var tail = text[(t + 1)..];
        return tail.LastIndexOfAny('+', '-') > 0 || (tail.Length > 0 && tail[0] is '+' or '-');
    }
}
