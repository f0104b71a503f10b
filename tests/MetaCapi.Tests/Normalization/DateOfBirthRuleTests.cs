using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary><c>db</c>: the Parameter Builder's reading, then a real date from 1900 up to today (docs/normalization.md#db). Today is 2026-11-27.</summary>
public sealed class DateOfBirthRuleTests
{
    [Theory]
    [InlineData("1997-02-16", "19970216")]
    [InlineData("1997/2/16", "19970216")]
    [InlineData("1997.02.16", "19970216")]
    [InlineData("1997-16-02", "19970216")]
    [InlineData("1990-05-12", "19900512")]
    [InlineData("19970216", "19970216")]
    [InlineData("1997-02-16T10:30:00Z", "19970216")]
    [InlineData("born 1997 02 16", "19970216")]
    public void Year_first_date_is_read_without_warning(string input, string expected) =>
        AssertRead(input, expected, null);

    [Theory]
    [InlineData("2/16/1997", "19970216")]
    [InlineData("02/16/1997", "19970216")]
    [InlineData("16/02/1997", "19970216")]
    [InlineData("16.02.1997", "19970216")]
    [InlineData("31-12-1999", "19991231")]
    [InlineData("12/31/1999", "19991231")]
    [InlineData("05/05/1990", "19900505")]
    [InlineData("16 1997 02", "19970216")]
    public void Year_last_date_whose_day_is_clear_is_read_without_warning(string input, string expected) =>
        AssertRead(input, expected, null);

    [Theory]
    [InlineData("05/12/1990", "19900512")]
    [InlineData("1/2/2000", "20000102")]
    [InlineData("12-01-1980", "19801201")]
    public void Ambiguous_day_and_month_are_read_month_first_with_a_warning(string input, string expected) =>
        AssertRead(input, expected, DateOfBirthRule.ReadMonthFirst);

    [Fact]
    public void Ambiguous_date_with_the_year_in_the_middle_is_read_as_the_Parameter_Builder_does_with_a_warning() =>
        AssertRead("05 1990 06", "19900605", DateOfBirthRule.ReadYearInMiddle);

    [Theory]
    [InlineData("02/30/1990")]
    [InlineData("1990-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("04/31/2000")]
    [InlineData("13/13/1990")]
    [InlineData("1990-00-10")]
    [InlineData("1990-01-00")]
    [InlineData("19901301")]
    [InlineData("19900132")]
    public void Impossible_date_is_dropped(string input) => AssertDropped(input, DateOfBirthRule.NotACalendarDate);

    [Theory]
    [InlineData("2024-02-29", "20240229")]
    [InlineData("2000-02-29", "20000229")]
    [InlineData("1900-01-01", "19000101")]
    [InlineData("2026-11-27", "20261127")]
    public void Leap_days_and_the_limits_are_accepted(string input, string expected) => AssertRead(input, expected, null);

    [Theory]
    [InlineData("2026-11-28")]
    [InlineData("2026-12-01")]
    [InlineData("2027-01-01")]
    [InlineData("20300101")]
    [InlineData("11/28/2026")]
    public void Future_date_is_dropped(string input) => AssertDropped(input, DateOfBirthRule.InTheFuture);

    [Theory]
    [InlineData("1899-12-31")]
    [InlineData("02/16/97")]
    [InlineData("16021997")]
    [InlineData("05121990")]
    [InlineData("0000-00-00")]
    public void Year_before_1900_or_with_two_digits_is_dropped(string input) =>
        AssertDropped(input, DateOfBirthRule.BeforeMinimumYear);

    [Theory]
    [InlineData("Feb 16 1997")]
    [InlineData("1997-02")]
    [InlineData("1997")]
    [InlineData("1997021")]
    [InlineData("199702160")]
    [InlineData("yesterday")]
    [InlineData("-")]
    public void Text_that_is_not_a_date_is_dropped(string input) => AssertDropped(input, DateOfBirthRule.NotADate);

    [Fact]
    public void Huge_numbers_do_not_overflow() =>
        Assert.Null(DateOfBirthRule.Normalize("99999999999999999999/1/1", Today).Value);

    [Fact]
    public void Today_comes_from_the_time_provider_in_UTC()
    {
        var clock = Clock();
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.FromHours(-5)));
        var diagnostics = new MetaCapi.Validation.Diagnostics();
        var data = new UserDataNormalizer(clock, null).Normalize([new UserDataValue("db", "2026-11-28", "user_data.db")], diagnostics);
        Assert.Equal([Hash("20261128")], data.Db);
    }

    [Fact]
    public void Ambiguous_date_warning_is_reported_at_the_value_path()
    {
        var (data, diagnostics) = RunArray("db", "1990-05-12", "05/12/1990");
        Assert.Equal([Hash("19900512")], data.Db);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal("user_data.db[1]", warning.Path);
        Assert.Equal(DateOfBirthRule.ReadMonthFirst, warning.Message);
    }

    private static void AssertRead(string input, string expected, string? warning)
    {
        var result = DateOfBirthRule.Normalize(input, Today);
        Assert.Equal(expected, result.Value);
        Assert.Equal(warning, result.Warning);
    }

    private static void AssertDropped(string input, string warning)
    {
        var result = DateOfBirthRule.Normalize(input, Today);
        Assert.Null(result.Value);
        Assert.Equal(warning, result.Warning);
    }
}
