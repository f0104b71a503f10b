using MetaCapi.Files;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>How columns become event fields: the headers people use, explicit columns, defaults, and the problems found before any row is read.</summary>
public sealed class FileMappingTests : IDisposable
{
    private readonly FileHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("Email", "user_data.em")]
    [InlineData("E-mail Address", "user_data.em")]
    [InlineData("EMAIL_ADDRESS", "user_data.em")]
    [InlineData("Phone Number", "user_data.ph")]
    [InlineData("Mobile", "user_data.ph")]
    [InlineData("First Name", "user_data.fn")]
    [InlineData("Surname", "user_data.ln")]
    [InlineData("Zip/Postal Code", "user_data.zp")]
    [InlineData("State/Province", "user_data.st")]
    [InlineData("Date of Birth", "user_data.db")]
    [InlineData("Customer ID", "user_data.external_id")]
    [InlineData("Order ID", "custom_data.order_id")]
    [InlineData("Order Total", "custom_data.value")]
    [InlineData("Amount", "custom_data.value")]
    [InlineData("Currency", "custom_data.currency")]
    [InlineData("Event Time", "event_time")]
    [InlineData("Timestamp", "event_time")]
    [InlineData("ph", "user_data.ph")]
    [InlineData("user_data.client_ip_address", "user_data.client_ip_address")]
    [InlineData("custom_data.net_revenue", "custom_data.net_revenue")]
    [InlineData("Favourite Colour", null)]
    public async Task A_header_is_matched_to_its_field_whatever_its_case_spaces_and_punctuation(string header, string? field)
    {
        var path = _files.Write("orders.csv", $"{header},External ID\nx,u1\n");

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(path, defaults:
            $$$"""{"event_name": "Purchase", "action_source": "physical_store", "event_time": "{{{FileHarness.RecentTime}}}"}"""));

        Assert.Equal((header, field, MappingSource.Auto), (report.Mapping[0].Column, report.Mapping[0].Field, report.Mapping[0].How));
    }

    [Fact]
    public async Task Two_columns_for_one_customer_key_are_sent_as_an_array()
    {
        var path = _files.Write("crm.csv", $"Email,Email 2,Created At\nwork@example.com,home@example.com,{FileHarness.RecentTime}\n");

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(path, columns: new() { ["Email 2"] = "em" }));

        var expected = FileReadingTests.ToolEvent(
            $$$"""{"event_name": "Lead", "event_time": {{{FileHarness.RecentUnix}}}, "action_source": "physical_store", "user_data": {"em": ["work@example.com", "home@example.com"]}}""");
        Assert.Equal(expected.GetProperty("user_data").GetRawText(), FileHarness.Json(report.SamplePayload).GetProperty("user_data").GetRawText());
        Assert.Equal(2, FileHarness.Json(report.SamplePayload).GetProperty("user_data").GetProperty("em").GetArrayLength());
    }

    [Fact]
    public async Task Explicit_columns_override_the_matching_and_null_ignores_a_column()
    {
        var path = _files.Write("orders.csv", $"Email,Contact,Sold,Total\nshop@example.com,buyer@example.com,{FileHarness.RecentTime},9\n");

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(path,
            columns: new() { ["Email"] = null, ["Contact"] = "user_data.em", ["sold"] = "event_time", ["Total"] = "custom_data.predicted_ltv" }));

        Assert.Equal(
            [("Email", null, MappingSource.Ignored), ("Contact", "user_data.em", MappingSource.Explicit), ("Sold", "event_time", MappingSource.Explicit),
             ("Total", "custom_data.predicted_ltv", MappingSource.Explicit), (null, "event_name", MappingSource.Default), (null, "action_source", MappingSource.Default)],
            report.Mapping.Select(m => (m.Column, m.Field, m.How)));
        var sample = FileHarness.Json(report.SamplePayload);
        Assert.Equal(FileReadingTests.ToolEvent(
                $$$"""{"event_name": "Lead", "event_time": {{{FileHarness.RecentUnix}}}, "action_source": "physical_store", "user_data": {"em": "buyer@example.com"}}""")
            .GetProperty("user_data").GetRawText(), sample.GetProperty("user_data").GetRawText());
        Assert.Equal(9m, sample.GetProperty("custom_data").GetProperty("predicted_ltv").GetDecimal());
    }

    [Fact]
    public async Task Defaults_fill_only_the_rows_that_have_no_value()
    {
        var path = _files.Write("orders.csv", $"Email,Total,Currency,Created At\na@example.com,5,USD,{FileHarness.RecentTime}\nb@example.com,6,,{FileHarness.RecentTime}\n");

        var (_, _) = await _files.SendAsync(FileHarness.Request(path, defaults: """
            {"event_name": "Purchase", "action_source": "phone_call", "custom_data.currency": "EUR", "user_data.country": "de", "opt_out": "yes"}
            """));

        var events = _files.SentEvents();
        Assert.Equal(["USD", "EUR"], events.Select(e => e.GetProperty("custom_data").GetProperty("currency").GetString()));
        Assert.All(events, e => Assert.Equal("phone_call", e.GetProperty("action_source").GetString()));
        Assert.All(events, e => Assert.True(e.GetProperty("opt_out").GetBoolean()));
        Assert.All(events, e => Assert.Equal(64, e.GetProperty("user_data").GetProperty("country")[0].GetString()!.Length));
    }

    [Fact]
    public async Task Mapping_problems_reject_the_upload_before_any_row_is_read_naming_the_parameter()
    {
        var path = _files.Write("orders.csv", $"Email,Created At\na@example.com,{FileHarness.RecentTime}\n");

        var (report, diagnostics) = await _files.SendAsync(FileHarness.Request(path,
            defaults: """{"evnt_name": "Purchase", "event_id": "x"}""",
            columns: new() { ["Emial"] = "em", ["Email"] = "user_data.e_mail" }));

        Assert.Equal(UploadStatus.Rejected, report.Status);
        Assert.Empty(_files.Sent);
        var errors = diagnostics.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(e => e.Message)));
        Assert.DoesNotContain("columns", errors.Keys);
        Assert.Contains("no such column", errors["columns.Emial"], StringComparison.Ordinal);
        Assert.Contains("'Email', 'Created At'", errors["columns.Emial"], StringComparison.Ordinal);
        Assert.Contains("is not an event field", errors["columns.Email"], StringComparison.Ordinal);
        Assert.Contains("is not an event field", errors["defaults.evnt_name"], StringComparison.Ordinal);
        Assert.Contains("every row needs its own", errors["defaults.event_id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_the_required_fields_says_how_to_give_each()
    {
        var path = _files.Write("orders.csv", "Notes\nhello\n");

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path, defaults: "{}"));

        Assert.Equal(UploadStatus.Rejected, report.Status);
        Assert.Equal("Notes", Assert.Single(report.Mapping).Column);
        var messages = diagnostics.Errors.Where(e => e.Path == "columns").Select(e => e.Message).ToList();
        Assert.Equal(4, messages.Count);
        Assert.Contains(messages, m => m.Contains("defaults: {\"event_name\": \"Purchase\"}", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("No column gives event_time", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("\"action_source\": \"physical_store\"", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("customer information", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_columns_that_both_look_like_event_time_use_the_first_and_say_so()
    {
        var path = _files.Write("orders.csv", $"Email,Created At,Order Date\na@example.com,{FileHarness.RecentTime},2020-01-01\n");

        var (report, diagnostics) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.Equal(1, report.RowsValid);
        Assert.Equal([null, "event_time", null], report.Mapping.Take(3).Select(m => m.Column == "Email" ? null : m.Field));
        Assert.Contains(diagnostics.Warnings, w => w.Path == "columns" && w.Message.Contains("'Created At' is used", StringComparison.Ordinal));
    }
}
