using System.Text;
using System.Text.Json;
using MetaCapi.Files;
using MetaCapi.Input;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>Each format and encoding quirk a real export has: CSV quoting, separators, BOM, line endings, JSON Lines, JSON arrays, gzip.</summary>
public sealed class FileReadingTests : IDisposable
{
    private readonly FileHarness _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>The event the single-event tool would send for <paramref name="eventJson"/> (the same pipeline, called directly).</summary>
    internal static JsonElement ToolEvent(string eventJson)
    {
        var diagnostics = new Diagnostics();
        using var document = JsonDocument.Parse(eventJson);
        var prepared = new EventPreparer(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(FileHarness.Now))
            .Prepare(EventInputReader.Read(document.RootElement, diagnostics), diagnostics);
        Assert.True(prepared is not null, string.Join(" | ", diagnostics.All));
        return FileHarness.Json(prepared);
    }

    [Fact]
    public async Task Quoted_cells_keep_separators_line_breaks_and_doubled_quotes_and_later_rows_keep_their_line_numbers()
    {
        var path = _files.Write("orders.csv",
            "Email,Note,Created At\n" +
            $"a@example.com,\"one, \"\"two\"\"\nthree\",{FileHarness.RecentTime}\n" +
            "b@example.com,plain,not a time\n");

        var (report, _) = await _files.SendAsync(FileHarness.Request(path, columns: new() { ["Note"] = "custom_data.note" }));

        var sent = Assert.Single(_files.SentEvents());
        Assert.Equal("one, \"two\"\nthree", sent.GetProperty("custom_data").GetProperty("note").GetString());
        var error = Assert.Single(report.RowErrors);
        Assert.Equal(4, error.Row);
        Assert.Equal("Created At", error.Column);
        Assert.Equal("event_time", error.Path);
    }

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public async Task The_separator_is_detected_from_the_header(string separator)
    {
        var path = _files.Write("orders.csv", string.Join("\n",
            string.Join(separator, "Email", "Order Total", "Currency", "Created At"),
            string.Join(separator, "a@example.com", "49.5", "EUR", FileHarness.RecentTime),
            string.Join(separator, "b@example.com", "10", "EUR", FileHarness.RecentTime)) + "\n");

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.False(diagnostics.HasErrors, string.Join(" | ", diagnostics.All));
        Assert.Equal(2, report.RowsValid);
        Assert.Equal(49.5m, FileHarness.Json(report.SamplePayload).GetProperty("custom_data").GetProperty("value").GetDecimal());
        Assert.Equal(["user_data.em", "custom_data.value", "custom_data.currency", "event_time", "event_name", "action_source"],
            report.Mapping.Select(m => m.Field));
    }

    [Theory]
    [InlineData(false, "\n")]
    [InlineData(true, "\n")]
    [InlineData(false, "\r\n")]
    [InlineData(true, "\r\n")]
    public async Task UTF8_with_or_without_BOM_and_CRLF_or_LF_read_the_same(bool bom, string newline)
    {
        var path = _files.Write("orders.csv", $"Email,First Name,Created At{newline}a@example.com,Zoë,{FileHarness.RecentTime}{newline}", bom);

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.False(diagnostics.HasErrors, string.Join(" | ", diagnostics.All));
        Assert.Equal("Email", report.Mapping[0].Column);
        Assert.Equal(
            ToolEvent($$$"""{"event_name": "Lead", "event_time": {{{FileHarness.RecentUnix}}}, "action_source": "physical_store", "user_data": {"em": "a@example.com", "fn": "Zoë"}}""")
                .GetProperty("user_data").GetRawText(),
            FileHarness.Json(report.SamplePayload).GetProperty("user_data").GetRawText());
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_a_tsv_file_is_read_with_tabs()
    {
        var path = _files.Write("orders.tsv", $"Email\tNote, with comma\tCreated At\n\na@example.com\tx, y\t{FileHarness.RecentTime}\n\n\n");

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.Equal(1, report.RowsRead);
        Assert.Equal(1, report.RowsValid);
        Assert.Equal("Note, with comma", report.Mapping[1].Column);
    }

    [Fact]
    public async Task A_row_with_more_cells_than_the_header_is_rejected_and_the_others_go()
    {
        var path = _files.Write("orders.csv", $"Email,Created At\na@example.com,{FileHarness.RecentTime},surplus\nb@example.com,{FileHarness.RecentTime}\n");

        var (report, _) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Equal((1, 1), (report.RowsRejected, report.RowsSent));
        var error = Assert.Single(report.RowErrors);
        Assert.Equal((2, "row"), (error.Row, error.Path));
        Assert.Contains("3 cells but the header has 2 columns", error.Message, StringComparison.Ordinal);
    }

    private static string EventLine(int index) =>
        $$$"""{"event_name": "Purchase", "event_time": {{{FileHarness.RecentUnix}}}, "action_source": "physical_store", "event_id": "order-{{{index}}}", "user_data": {"em": "c{{{index}}}@example.com", "ph": "+44 20 7946 0958"}, "custom_data": {"value": 12.5, "currency": "gbp"}}""";

    [Fact]
    public async Task JSON_Lines_rows_become_exactly_the_events_the_tool_would_send()
    {
        var path = _files.Write("events.jsonl", EventLine(1) + "\n\n" + EventLine(2) + "\r\n");

        var (report, _) = await _files.SendAsync(FileHarness.Request(path, defaults: "{}"));

        Assert.Equal("jsonl", report.Format);
        Assert.Equal(2, report.RowsSent);
        Assert.Equal([ToolEvent(EventLine(1)).GetRawText(), ToolEvent(EventLine(2)).GetRawText()], _files.SentEvents().Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task A_JSON_array_and_a_gzip_compressed_file_are_read_item_by_item()
    {
        var array = "[\n  " + EventLine(1) + ",\n  " + EventLine(2) + "\n]\n";
        var plain = _files.Write("events.json", array);
        var compressed = _files.Write("events.json.gz", array, gzip: true);

        var (fromArray, _) = await _files.PreviewAsync(FileHarness.Request(plain, defaults: "{}"));
        var (fromGzip, _) = await _files.PreviewAsync(FileHarness.Request(compressed, defaults: "{}"));

        Assert.Equal(("json", 2), (fromArray.Format, fromArray.RowsValid));
        Assert.Equal(("json+gzip", 2), (fromGzip.Format, fromGzip.RowsValid));
        Assert.Equal(ToolEvent(EventLine(1)).GetRawText(), FileHarness.Json(fromGzip.SamplePayload).GetRawText());
    }

    [Fact]
    public async Task A_gzip_compressed_CSV_without_a_telling_extension_is_recognized_by_its_content()
    {
        var path = _files.Write("export.bin", $"Email,Created At\na@example.com,{FileHarness.RecentTime}\n", gzip: true);

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.False(diagnostics.HasErrors, string.Join(" | ", diagnostics.All));
        Assert.Equal(("csv+gzip", 1), (report.Format, report.RowsValid));
    }

    [Fact]
    public async Task A_line_that_is_not_JSON_is_a_row_error_and_the_other_lines_go()
    {
        var path = _files.Write("events.jsonl", EventLine(1) + "\n{\"event_name\": oops}\n[1, 2]\n" + EventLine(2) + "\n");

        var (report, _) = await _files.SendAsync(FileHarness.Request(path, defaults: "{}"));

        Assert.Equal((2, 2), (report.RowsSent, report.RowsRejected));
        Assert.Equal([2, 3], report.RowErrors.Select(e => e.Row));
        Assert.Contains("not valid JSON", report.RowErrors[0].Message, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", report.RowErrors[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", string.Join(" ", report.RowErrors.Select(e => e.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_Lines_with_flat_export_keys_are_matched_like_CSV_headers()
    {
        var path = _files.Write("crm.ndjson",
            $$$"""{"Email Address": "a@example.com", "Created At": "{{{FileHarness.RecentTime}}}", "Lead Score": 7}""" + "\n");

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.False(diagnostics.HasErrors, string.Join(" | ", diagnostics.All));
        Assert.Equal(1, report.RowsValid);
        Assert.Equal(
            [("Email Address", "user_data.em", MappingSource.Auto), ("Created At", "event_time", MappingSource.Auto), ("Lead Score", null, MappingSource.Auto)],
            report.Mapping.Where(m => m.Column is not null).Select(m => (m.Column!, m.Field, m.How)));
    }

    [Fact]
    public async Task UTF16_JSON_and_a_binary_file_are_refused_before_any_row_is_read()
    {
        var utf16 = _files.WriteBytes("events.jsonl", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(EventLine(1))]);
        var binary = _files.WriteBytes("orders.csv", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x41]);

        var (_, utf16Problems) = await _files.PreviewAsync(FileHarness.Request(utf16));
        var (report, binaryProblems) = await _files.PreviewAsync(FileHarness.Request(binary));

        Assert.Contains("UTF-16", Assert.Single(utf16Problems.Errors).Message, StringComparison.Ordinal);
        Assert.Contains("is not text", Assert.Single(binaryProblems.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(UploadStatus.Rejected, report.Status);
    }

    [Fact]
    public async Task A_UTF16_CSV_from_a_spreadsheet_is_read()
    {
        var text = $"Email\tCreated At\r\na@example.com\t{FileHarness.RecentTime}\r\n";
        var path = _files.WriteBytes("export.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.False(diagnostics.HasErrors, string.Join(" | ", diagnostics.All));
        Assert.Equal(1, report.RowsValid);
    }
}
