using MetaCapi.Files;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>Event times as files write them, read into Unix seconds; times without an offset in the upload's time zone.</summary>
public sealed class EventTimeTests : IDisposable
{
    private readonly FileHarness _files = new();

    public void Dispose() => _files.Dispose();

    private static long Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds();

    public static TheoryData<string, string, long> Readable => new()
    {
        { "1741944600", "UTC", 1741944600 },
        { "1741944600123", "UTC", 1741944600 },
        { "1741944600.75", "Europe/Berlin", 1741944600 },
        { "2025-03-14T09:30:00Z", "Europe/Berlin", Utc(2025, 3, 14, 9, 30) },
        { "2025-03-14T09:30:00.250+01:00", "America/New_York", Utc(2025, 3, 14, 8, 30) },
        { "2025-03-14 09:30:00 -05:00", "UTC", Utc(2025, 3, 14, 14, 30) },
        { "Fri, 14 Mar 2025 09:30:00 GMT", "Asia/Tokyo", Utc(2025, 3, 14, 9, 30) },
        { "2025-03-14 09:30", "Europe/Berlin", Utc(2025, 3, 14, 8, 30) },
        { "2025-03-14T09:30:15", "UTC", Utc(2025, 3, 14, 9, 30, 15) },
        { "2025-03-14", "America/New_York", Utc(2025, 3, 14, 4, 0) },
        { "2025/03/14 09:30", "UTC", Utc(2025, 3, 14, 9, 30) },
        { "03/14/2025 9:30 AM", "America/New_York", Utc(2025, 3, 14, 13, 30) },
        { "3/14/2025 21:30:05", "UTC", Utc(2025, 3, 14, 21, 30, 5) },
        { "14/03/2025 09:30", "UTC", Utc(2025, 3, 14, 9, 30) },
        { "14.03.2025 09:30", "Europe/Berlin", Utc(2025, 3, 14, 8, 30) },
        { "14.03.2025", "UTC", Utc(2025, 3, 14, 0, 0) },
        { "20250314093000", "UTC", Utc(2025, 3, 14, 9, 30) },
        { "2025-10-26 02:30", "Europe/Berlin", Utc(2025, 10, 26, 1, 30) },
        { "2025-03-14T09:30:00+05:30", "Europe/Berlin", Utc(2025, 3, 14, 4, 0) },
        { "2025-03-14T09:30:00.123456789Z", "Asia/Tokyo", Utc(2025, 3, 14, 9, 30) },
        { "2024-02-29 23:59:59", "UTC", Utc(2024, 2, 29, 23, 59, 59) },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Common_forms_are_read_in_the_time_zone_when_they_carry_no_offset(string text, string zone, long expected)
    {
        var parser = new EventTimeParser(TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(EventTimeParser.Outcome.Read, parser.TryParse(text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-13-01")]
    [InlineData("2025-02-30")]
    [InlineData("2025-03-14 24:00")]
    [InlineData("2025-03-14T09:30+0100x")]
    [InlineData("31/31/2025")]
    [InlineData("12345")]
    [InlineData("")]
    public void What_is_not_a_date_is_unreadable(string text) =>
        Assert.Equal(EventTimeParser.Outcome.Unreadable, new EventTimeParser(TimeZoneInfo.Utc).TryParse(text, out _));

    [Fact]
    public void A_slashed_date_that_could_be_either_way_is_read_month_first_and_says_so()
    {
        var parser = new EventTimeParser(TimeZoneInfo.Utc);

        Assert.Equal(EventTimeParser.Outcome.ReadMonthFirst, parser.TryParse("03/04/2025", out var seconds));
        Assert.Equal(Utc(2025, 3, 4, 0, 0), seconds);
    }

    [Fact]
    public void A_local_time_skipped_by_the_clocks_is_not_guessed() =>
        Assert.Equal(EventTimeParser.Outcome.SkippedByClockChange,
            new EventTimeParser(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).TryParse("2025-03-30 02:30", out _));

    [Fact]
    public async Task The_upload_reads_times_without_an_offset_in_its_time_zone_and_warns_of_month_first_dates()
    {
        var path = _files.Write("orders.csv", "Email,Created At\na@example.com,2025-03-15 07:00\nb@example.com,03/14/2025 08:00\nc@example.com,03/12/2025\n");

        var (report, _) = await _files.SendAsync(FileHarness.Request(path) with { TimeZone = "America/New_York" });

        Assert.Equal([Utc(2025, 3, 15, 11, 0), Utc(2025, 3, 14, 12, 0), Utc(2025, 3, 12, 4, 0)],
            _files.SentEvents().Select(e => e.GetProperty("event_time").GetInt64()));
        Assert.Contains(report.Warnings, w => w.Path == "event_time" && w.Count == 1 && w.Message.Contains("month first", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_time_zone_rejects_the_upload_naming_time_zone()
    {
        var path = _files.Write("orders.csv", $"Email,Created At\na@example.com,{FileHarness.RecentTime}\n");

        var (report, diagnostics) = await _files.SendAsync(FileHarness.Request(path) with { TimeZone = "Mars/Olympus_Mons" });

        Assert.Equal(UploadStatus.Rejected, report.Status);
        Assert.Contains("IANA name such as UTC, Europe/Berlin", Assert.Single(diagnostics.Errors).Message, StringComparison.Ordinal);
        Assert.Equal("time_zone", diagnostics.Errors.Single().Path);
        Assert.Empty(_files.Sent);
    }
}
