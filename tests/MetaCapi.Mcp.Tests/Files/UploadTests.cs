using System.Globalization;
using System.Text;
using MetaCapi.Files;
using MetaCapi.Graph;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>Sending a file: requests in file order, failures that do not stop the rest, the journal (resume, finished, force, one sender), event_ids.</summary>
public sealed class UploadTests : IDisposable
{
    private readonly FileHarness _files = new();

    public void Dispose() => _files.Dispose();

    private string Orders(int rows, string name = "orders.csv", Func<int, string>? email = null)
    {
        var text = new StringBuilder("Order ID,Email,Order Total,Currency,Created At\n");
        for (var i = 1; i <= rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},{email?.Invoke(i) ?? $"c{i}@example.com"},{i}.5,EUR,{FileHarness.RecentTime}\n");
        }

        return _files.Write(name, text.ToString());
    }

    private static List<string> OrderIds(IEnumerable<System.Text.Json.JsonElement> events) =>
        [.. events.Select(e => e.GetProperty("custom_data").GetProperty("order_id").GetString()!)];

    [Fact]
    public async Task A_1001_row_file_goes_in_two_requests_in_file_order()
    {
        var path = Orders(1001);

        var (report, _) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Equal(UploadStatus.Sent, report.Status);
        Assert.Equal([1000, 1], _files.Sent.Select(s => s.Request.Data.Count));
        Assert.Equal(Enumerable.Range(1, 1001).Select(i => i.ToString(CultureInfo.InvariantCulture)), OrderIds(_files.SentEvents()));
        Assert.All(_files.Sent, s => Assert.Equal("1234567890", s.PixelId));
        Assert.Equal((1001, 2, 1001), (report.RowsSent, report.Requests, report.EventsReceived));
        Assert.Equal(["trace-1", "trace-2"], report.FbtraceIds);
    }

    [Fact]
    public async Task Requests_respect_the_batch_size_and_run_in_parallel_up_to_the_limit()
    {
        _files.BatchSize = 10;
        _files.Parallelism = 3;
        var inFlight = 0;
        var most = 0;
        var release = new TaskCompletionSource();
        _files.Answer = async (number, request, cancellationToken) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            if (now == 3)
            {
                release.TrySetResult();
            }

            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            Interlocked.Decrement(ref inFlight);
            return FileHarness.Accepted(request, number);
        };

        var (report, _) = await _files.SendAsync(FileHarness.Request(Orders(95)));

        Assert.Equal(UploadStatus.Sent, report.Status);
        Assert.Equal(10, _files.Sent.Count);
        Assert.All(_files.Sent, s => Assert.True(s.Request.Data.Count <= 10));
        Assert.Equal(3, most);
        Assert.Equal(Enumerable.Range(1, 95), OrderIds(_files.SentEvents()).Select(id => int.Parse(id, CultureInfo.InvariantCulture)).Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }

    private static DeliveryResult Refused(int code) => new()
    {
        Status = DeliveryStatus.Failed,
        Attempts = 1,
        HttpStatus = 400,
        Error = new GraphError { Code = code, Message = "Invalid parameter", FbtraceId = "err-trace", Hint = "Meta rejected a parameter." },
    };

    [Fact]
    public async Task A_request_Meta_refuses_for_good_does_not_stop_the_others_and_is_sent_again_by_the_next_call()
    {
        _files.BatchSize = 10;
        _files.Answer = (number, request, _) => Task.FromResult(number == 2 ? Refused(100) : FileHarness.Accepted(request, number));
        var path = Orders(30);

        var (first, _) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Equal(UploadStatus.Partial, first.Status);
        Assert.Equal((20, 10, 3), (first.RowsSent, first.RowsFailed, first.Requests));
        var failed = Assert.Single(first.FailedRequests);
        Assert.Equal((2, 12, 21, 10), (failed.Request, failed.FirstRow, failed.LastRow, failed.Rows));
        Assert.Equal(100, failed.Delivery.Error!.Code);
        var refusedIds = _files.Sent.ElementAt(1).Request.Data.Select(e => e.EventId).ToList();

        _files.Sent.Clear();
        _files.Answer = null;
        var (second, _) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Equal(UploadStatus.Sent, second.Status);
        Assert.True(second.Resumed);
        Assert.Equal((10, 20, 1), (second.RowsSent, second.RowsAlreadySent, second.Requests));
        Assert.Equal(refusedIds, Assert.Single(_files.Sent).Request.Data.Select(e => e.EventId));
    }

    [Fact]
    public async Task Meta_refusing_everything_fails_the_upload_and_acknowledges_nothing()
    {
        _files.Answer = (_, _, _) => Task.FromResult(Refused(190));

        var (report, _) = await _files.SendAsync(FileHarness.Request(Orders(3)));

        Assert.Equal(UploadStatus.Failed, report.Status);
        Assert.Equal((0, 3), (report.RowsSent, report.RowsFailed));
    }

    [Fact]
    public async Task A_cancelled_upload_keeps_what_was_acknowledged_and_the_same_call_sends_only_the_rest_with_the_same_event_ids()
    {
        _files.BatchSize = 10;
        using var cancel = new CancellationTokenSource();
        _files.Answer = async (number, request, cancellationToken) =>
        {
            if (number < 3)
            {
                return FileHarness.Accepted(request, number);
            }

            // Request 3 is in flight when the caller cancels: it was (maybe) sent but never acknowledged.
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        var path = Orders(50);

        var (first, _) = await _files.SendAsync(FileHarness.Request(path), cancellationToken: cancel.Token);

        Assert.True(first.Cancelled);
        Assert.Equal(UploadStatus.Partial, first.Status);
        Assert.Equal(20, first.RowsSent);
        var inFlightIds = _files.Sent.ElementAt(2).Request.Data.Select(e => e.EventId).ToList();

        _files.Sent.Clear();
        _files.Answer = null;
        var (second, _) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Equal(UploadStatus.Sent, second.Status);
        Assert.Equal((30, 20), (second.RowsSent, second.RowsAlreadySent));
        Assert.Equal(inFlightIds, _files.Sent.First().Request.Data.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(21, 30).Select(i => i.ToString(CultureInfo.InvariantCulture)), OrderIds(_files.SentEvents()));
    }

    [Fact]
    public async Task A_finished_upload_repeated_sends_nothing_and_says_so_unless_forced()
    {
        var path = Orders(5);
        await _files.SendAsync(FileHarness.Request(path));
        _files.Sent.Clear();

        var (again, _) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Empty(_files.Sent);
        Assert.Equal(UploadStatus.Sent, again.Status);
        Assert.Equal((0, 5, 0), (again.RowsSent, again.RowsAlreadySent, again.Requests));
        Assert.Equal(FileHarness.Now, again.FinishedBefore);

        var (forced, _) = await _files.SendAsync(FileHarness.Request(path) with { Force = true });

        Assert.Equal((5, 0), (forced.RowsSent, forced.RowsAlreadySent));
        Assert.Equal(5, _files.SentEvents().Count);
    }

    [Fact]
    public async Task Another_mapping_or_pixel_of_the_same_file_is_another_upload()
    {
        var path = Orders(2);
        var (first, _) = await _files.SendAsync(FileHarness.Request(path));

        var (otherPixel, _) = await _files.SendAsync(FileHarness.Request(path) with { PixelId = "99" });
        var (otherMapping, _) = await _files.SendAsync(FileHarness.Request(path, columns: new() { ["Currency"] = null }, defaults: """
            {"event_name": "Purchase", "action_source": "physical_store", "custom_data.currency": "USD"}
            """));

        Assert.Equal(3, new[] { first.UploadId, otherPixel.UploadId, otherMapping.UploadId }.Distinct().Count());
        Assert.Equal((2, 2), (otherPixel.RowsSent, otherMapping.RowsSent));
    }

    [Fact]
    public async Task Two_senders_of_the_same_upload_cannot_both_send_it()
    {
        var path = Orders(3);
        var (preview, _) = await _files.PreviewAsync(FileHarness.Request(path));
        using var journal = UploadJournal.Open(_files.State);
        using var held = journal.TryLock(preview.UploadId!);
        Assert.NotNull(held);

        var (report, diagnostics) = await _files.SendAsync(FileHarness.Request(path));

        Assert.Equal(UploadStatus.Rejected, report.Status);
        Assert.Empty(_files.Sent);
        Assert.Contains("is being sent right now by another call or process", Assert.Single(diagnostics.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_creates_no_state_and_reports_what_an_earlier_upload_already_sent()
    {
        var path = Orders(4);

        await _files.PreviewAsync(FileHarness.Request(path));
        Assert.False(Directory.Exists(_files.State));

        await _files.SendAsync(FileHarness.Request(path));
        var (preview, _) = await _files.PreviewAsync(FileHarness.Request(path));

        Assert.Equal((UploadStatus.Preview, 4, 4), (preview.Status, preview.RowsValid, preview.RowsAlreadySent));
    }

    [Fact]
    public async Task Rows_without_event_id_get_one_from_their_content_identical_rows_numbered_and_the_same_in_another_file()
    {
        var row = $"a@example.com,10,EUR,{FileHarness.RecentTime}\n";
        var one = _files.Write("one.csv", "Email,Total,Currency,Created At\n" + row + $"b@example.com,10,EUR,{FileHarness.RecentTime}\n" + row + row);
        var other = _files.Write("other.csv", "Email,Total,Currency,Created At\n" + row);

        await _files.SendAsync(FileHarness.Request(one));
        await _files.SendAsync(FileHarness.Request(other));

        var ids = _files.Sent.SelectMany(s => s.Request.Data).Select(e => e.EventId!).ToList();
        Assert.Matches("^file-[0-9a-f]{24}$", ids[0]);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal([ids[0], ids[0] + "-2", ids[0] + "-3", ids[0]], new[] { ids[0], ids[2], ids[3], ids[4] });
    }

    [Fact]
    public async Task An_event_id_column_is_kept_and_only_empty_cells_get_a_generated_one()
    {
        var path = _files.Write("orders.csv", $"Event ID,Email,Created At\norder-7,a@example.com,{FileHarness.RecentTime}\n,b@example.com,{FileHarness.RecentTime}\n");

        await _files.SendAsync(FileHarness.Request(path));

        var ids = _files.Sent.Single().Request.Data.Select(e => e.EventId!).ToList();
        Assert.Equal("order-7", ids[0]);
        Assert.StartsWith("file-", ids[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_row_gives_the_same_event_as_the_single_event_tool()
    {
        var path = _files.Write("orders.csv",
            "event_id,Email,Phone,First Name,Zip,Country,Order Total,Currency,Created At,action_source,event_name\n" +
            $"order-1,  Jane.Doe@Example.COM ,(650) 555-1212,Mary-Jane,94035-1234,United States,49.99,usd,{FileHarness.RecentUnix},physical_store,Purchase\n");

        var (report, _) = await _files.PreviewAsync(FileHarness.Request(path, defaults: "{}"));

        var tool = FileReadingTests.ToolEvent($$$"""
            {"event_name": "Purchase", "event_time": {{{FileHarness.RecentUnix}}}, "action_source": "physical_store", "event_id": "order-1",
             "user_data": {"em": "  Jane.Doe@Example.COM ", "ph": "(650) 555-1212", "fn": "Mary-Jane", "zp": "94035-1234", "country": "United States"},
             "custom_data": {"value": "49.99", "currency": "usd"}}
            """);
        Assert.Equal(tool.GetRawText(), FileHarness.Json(report.SamplePayload).GetRawText());
    }

    [Fact]
    public async Task Progress_only_grows_and_ends_at_the_row_count()
    {
        _files.BatchSize = 7;
        var seen = new List<UploadProgress>();
        var progress = new SynchronousProgress(seen.Add);

        await _files.SendAsync(FileHarness.Request(Orders(40)), progress);

        Assert.NotEmpty(seen);
        Assert.Equal(seen.Select(p => p.RowsDone).Order(), seen.Select(p => p.RowsDone));
        Assert.Equal((40, 40), (seen[^1].RowsDone, seen[^1].RowsTotal));
        Assert.Contains("40 sent", seen[^1].Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
