using System.Text;
using MetaCapi.Files;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>Bad rows are skipped and reported by line, column and field, never with their values; the rest of the file still goes.</summary>
public sealed class RowErrorTests : IDisposable
{
    private readonly FileHarness _files = new();

    public void Dispose() => _files.Dispose();

    private const string Header = "Email,Phone,Order Total,Currency,Created At\n";

    private string BadRows() => _files.Write("orders.csv", Header +
        $"good1@example.com,,10,EUR,{FileHarness.RecentTime}\n" +
        $"Zanzibar-not-an-email,,11,EUR,{FileHarness.RecentTime}\n" +
        $"good2@example.com,,twelve-Zanzibar,EUR,{FileHarness.RecentTime}\n" +
        "good3@example.com,,13,EUR,Zanzibar o'clock\n" +
        "good4@example.com,,14,EUR,2025-01-01 10:00\n" +
        $"Zanzibar-bad-too,+1 650 555 0199,15,EUR,{FileHarness.RecentTime}\n");

    [Fact]
    public async Task Each_bad_row_is_reported_by_line_column_and_field_and_the_valid_rows_are_sent()
    {
        var (report, _) = await _files.SendAsync(FileHarness.Request(BadRows()));

        Assert.Equal(UploadStatus.Partial, report.Status);
        Assert.Equal((6, 2, 4, 2), (report.RowsRead, report.RowsValid, report.RowsRejected, report.RowsSent));
        Assert.Equal(2, _files.SentEvents().Count);
        Assert.Equal(
            [(3, null, "user_data"), (4, "Order Total", "custom_data.value"), (5, "Created At", "event_time"), (6, "Created At", "event_time")],
            report.RowErrors.Select(e => (e.Row, e.Column, e.Path)));
        Assert.Contains("older than 62 days", report.RowErrors[3].Message, StringComparison.Ordinal);
        Assert.Contains(report.Warnings, w => w.Path == "user_data.em" && w.Count == 1);
    }

    [Fact]
    public async Task No_row_error_or_warning_quotes_a_value()
    {
        var (report, _) = await _files.SendAsync(FileHarness.Request(BadRows()));

        var everything = string.Join("\n", report.RowErrors.Select(e => e.Message).Concat(report.Warnings.Select(w => w.Message)));
        Assert.DoesNotContain("Zanzibar", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("555", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_first_50_problems_are_listed_but_every_rejected_row_is_counted()
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < 120; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{i}@example.com,,x,EUR,{FileHarness.RecentTime}\n");
        }

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(_files.Write("orders.csv", text.ToString())));

        Assert.Equal((120, 50), (report.RowsRejected, report.RowErrors.Count));
        Assert.Equal(UploadStatus.Rejected, report.Status);
    }

    [Fact]
    public async Task The_rejected_rows_are_written_as_they_were_with_a_reason_column_ready_to_fix_and_upload_again()
    {
        var path = BadRows();
        var rejected = Path.Join(_files.Root, "rejected.csv");

        var (report, _) = await _files.SendAsync(FileHarness.Request(path) with { RejectedRowsPath = rejected });

        Assert.Equal(rejected, report.RejectedRowsFile);
        var lines = File.ReadAllLines(rejected);
        Assert.Equal(5, lines.Length);
        Assert.Equal("Email,Phone,Order Total,Currency,Created At,reason", lines[0]);
        Assert.StartsWith("Zanzibar-not-an-email,,11,EUR,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("good3@example.com,,13,EUR,Zanzibar o'clock,\"event_time: the value is not a date", lines[3], StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rejected));
        }

        // Fixed, the file goes as it is: the reason column is left unmapped.
        File.WriteAllText(rejected, lines[0] + "\n" + $"fixed@example.com,,11,EUR,{FileHarness.RecentTime},whatever the reason said\n");
        var (again, _) = await _files.SendAsync(FileHarness.Request(rejected));
        Assert.Equal(UploadStatus.Sent, again.Status);
        Assert.Contains(again.Mapping, m => m is { Column: "reason", Field: null });
    }

    [Fact]
    public async Task Warnings_that_differ_only_in_their_numbers_are_counted_as_one_kind()
    {
        var path = _files.Write("late.csv", "Email,Created At\na@example.com,2025-03-14 10:00\nb@example.com,2025-03-14 06:00\nc@example.com,2025-03-14 06:00\n");

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(path));

        var stale = Assert.Single(report.Warnings, w => w.Path == "event_time");
        Assert.Equal(3, stale.Count);
        Assert.StartsWith("For example: event_time is 26 hours old", stale.Message, StringComparison.Ordinal);
    }
}
