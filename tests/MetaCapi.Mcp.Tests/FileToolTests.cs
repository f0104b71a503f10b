using System.Collections.Concurrent;
using System.Text.Json;
using MetaCapi.Mcp.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using WireMock.ResponseBuilders;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// The file tools through the real server process (META_FILE_ROOTS open, batches of 10, one request at a time), with
/// WireMock as Meta: previews, uploads, failures, retries, refused paths, progress and cancellation.
/// </summary>
public sealed class FileToolTests(FileServerFixture fixture) : IClassFixture<FileServerFixture>, IAsyncLifetime
{
    private const string Preview = "meta_preview_conversion_file";
    private const string Send = "meta_send_conversion_file";

    private GraphFake Graph => fixture.Graph;

    private UploadFolder Folder => fixture.Folder;

    private ServerSession Server => fixture.Server;

    public Task InitializeAsync()
    {
        Graph.Succeeds();
        Server.Forbid("Buyer.");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Server.AssertNoLeaks();
        return Task.CompletedTask;
    }

    private static JsonElement Upload(CallToolResult result) => result.Structured().GetProperty("upload");

    private static int Count(CallToolResult result, string name) => Upload(result).GetProperty(name).GetInt32();

    private List<JsonElement> SentEvents() =>
        [.. Graph.Requests.Select(r => JsonDocument.Parse(r.RequestMessage.Body!).RootElement).SelectMany(b => b.GetProperty("data").EnumerateArray())];

    [Fact]
    public async Task The_file_tools_are_listed_with_their_annotations_and_output_schema()
    {
        var tools = (await Server.Client.ListToolsAsync()).Select(t => t.ProtocolTool).ToDictionary(t => t.Name);

        Assert.Equal(7, tools.Count);
        Assert.True(tools[Preview].Annotations!.ReadOnlyHint);
        Assert.False(tools[Preview].Annotations!.OpenWorldHint);
        Assert.False(tools[Send].Annotations!.DestructiveHint);
        Assert.True(tools[Send].Annotations!.IdempotentHint);
        Assert.True(tools[Send].Annotations!.OpenWorldHint);
        Assert.Equal(["path", "pixel_id"], tools[Send].InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(tools[Send].OutputSchema!.Value.GetProperty("properties").TryGetProperty("row_errors", out _));
    }

    [Fact]
    public async Task A_preview_shows_the_mapping_the_first_event_and_the_coverage_and_sends_nothing()
    {
        var path = Folder.Orders("preview.csv", 12, bad: new HashSet<int> { 4 });

        var result = await Server.CallAsync(Preview, UploadFolder.Arguments(path));

        Assert.Equal("preview", result.Status());
        Assert.False(result.IsError ?? false);
        Assert.Empty(Graph.Requests);
        Assert.Equal((12, 11, 1), (Count(result, "rows_read"), Count(result, "rows_valid"), Count(result, "rows_rejected")));
        var mapping = result.Structured().GetProperty("mapping").EnumerateArray()
            .Select(m => (m.GetProperty("column").GetString(), m.GetProperty("field").GetString(), m.GetProperty("how").GetString())).ToList();
        Assert.Equal(
            [("Order ID", "custom_data.order_id", "auto"), ("Email", "user_data.em", "auto"), ("Order Total", "custom_data.value", "auto"),
             ("Currency", "custom_data.currency", "auto"), ("Created At", "event_time", "auto"), (null, "event_name", "default"), (null, "action_source", "default")],
            mapping);
        var rowError = Assert.Single(result.Structured().GetProperty("row_errors").EnumerateArray());
        Assert.Equal((5, "Order Total", "custom_data.value"),
            (rowError.GetProperty("row").GetInt32(), rowError.GetProperty("column").GetString(), rowError.GetProperty("path").GetString()));
        var sample = result.Structured().GetProperty("sample_payload");
        Assert.Equal("1", sample.GetProperty("custom_data").GetProperty("order_id").GetString());
        Assert.Matches("^[0-9a-f]{64}$", sample.GetProperty("user_data").GetProperty("em")[0].GetString());
        var coverage = Assert.Single(result.Structured().GetProperty("match_quality").GetProperty("coverage").EnumerateArray());
        Assert.Equal(("em", 11, 100.0), (coverage.GetProperty("key").GetString(), coverage.GetProperty("rows").GetInt32(), coverage.GetProperty("percent").GetDouble()));
        Assert.Contains("| Order Total | custom_data.value | auto |", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_21_rows_goes_in_three_requests_in_file_order_with_Metas_counts()
    {
        var path = Folder.Orders("orders-21.csv", 21);

        var result = await Server.CallAsync(Send, UploadFolder.Arguments(path));

        Assert.Equal("sent", result.Status());
        Assert.Equal([10, 10, 1], Graph.Requests.OrderBy(r => r.RequestMessage.DateTime)
            .Select(r => JsonDocument.Parse(r.RequestMessage.Body!).RootElement.GetProperty("data").GetArrayLength()));
        Assert.Equal(Enumerable.Range(1, 21).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            SentEvents().Select(e => e.GetProperty("custom_data").GetProperty("order_id").GetString()));
        Assert.Equal((21, 3), (Count(result, "rows_sent"), Count(result, "requests")));
        // The fake answers events_received 1 per request: the sum is Meta's, never the rows counted here.
        Assert.Equal(3, result.Structured().GetProperty("events_received").GetInt32());
        Assert.Equal(3, result.Structured().GetProperty("fbtrace_ids").GetArrayLength());
    }

    [Fact]
    public async Task A_request_Meta_refuses_for_good_names_its_rows_and_the_other_requests_are_sent()
    {
        Graph.RespondInTurn(
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"events_received": 10, "fbtrace_id": "ok-1"}"""),
            GraphFake.GraphError(400, 100, message: "Invalid parameter"));
        var path = Folder.Orders("refused.csv", 30);

        var result = await Server.CallAsync(Send, UploadFolder.Arguments(path));

        Assert.Equal("partial", result.Status());
        Assert.False(result.IsError ?? false);
        Assert.Equal((20, 10, 3), (Count(result, "rows_sent"), Count(result, "rows_failed"), Count(result, "requests")));
        Assert.Contains("Request 2 (10 rows, lines 12–21) failed after 1 attempt(s)", result.Error("requests[2]"), StringComparison.Ordinal);
        Assert.Equal(100, result.Structured().GetProperty("meta_error").GetProperty("code").GetInt32());

        // The same call again sends only the refused request's rows.
        Graph.Succeeds();
        var again = await Server.CallAsync(Send, UploadFolder.Arguments(path));
        Assert.Equal("sent", again.Status());
        Assert.Equal((10, 20, true), (Count(again, "rows_sent"), Count(again, "rows_already_sent"), Upload(again).GetProperty("resumed").GetBoolean()));
    }

    [Fact]
    public async Task A_503_is_retried_and_the_upload_goes_through()
    {
        Graph.RespondInTurn(Response.Create().WithStatusCode(503));
        var path = Folder.Orders("retried.csv", 5);

        var result = await Server.CallAsync(Send, UploadFolder.Arguments(path));

        Assert.Equal("sent", result.Status());
        Assert.Equal(2, result.Structured().GetProperty("attempts").GetInt32());
        Assert.Equal(2, Graph.Requests.Count);
    }

    [Fact]
    public async Task A_finished_upload_repeated_sends_nothing_and_says_so()
    {
        var path = Folder.Orders("twice.csv", 3);
        Assert.Equal("sent", (await Server.CallAsync(Send, UploadFolder.Arguments(path))).Status());
        Graph.Succeeds();

        var again = await Server.CallAsync(Send, UploadFolder.Arguments(path));

        Assert.Empty(Graph.Requests);
        Assert.Equal("sent", again.Status());
        Assert.Equal((0, 3), (Count(again, "rows_sent"), Count(again, "rows_already_sent")));
        Assert.NotEqual(JsonValueKind.Null, Upload(again).GetProperty("finished_before").ValueKind);
        Assert.StartsWith("**Already sent**", again.Text(), StringComparison.Ordinal);
        Assert.Contains(again.Issues("warnings"), w => w.Message.Contains("Pass force: true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Paths_outside_the_folders_escaping_links_folders_missing_and_binary_files_are_rejected_clearly()
    {
        var outside = Path.Join(Folder.Outside, "orders.csv");
        File.WriteAllText(outside, "Email\nx@example.com\n");
        File.CreateSymbolicLink(Path.Join(Folder.Root, "link.csv"), outside);
        Directory.CreateDirectory(Path.Join(Folder.Root, "folder.csv"));
        File.WriteAllBytes(Path.Join(Folder.Root, "binary.csv"), [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);

        foreach (var (path, expected) in new[]
                 {
                     (outside, "outside the folders open to the file tools"),
                     ("link.csv", "outside the folders open to the file tools"),
                     ("folder.csv", "names a folder"),
                     ("missing.csv", "no such file"),
                     ("binary.csv", "is not text"),
                 })
        {
            var result = await Server.CallAsync(Send, UploadFolder.Arguments(path));

            Assert.Equal("rejected", result.Status());
            Assert.True(result.IsError);
            Assert.Contains(expected, result.Error("path"), StringComparison.Ordinal);
        }

        Assert.Contains("META_FILE_ROOTS", (await Server.CallAsync(Preview, UploadFolder.Arguments(outside))).Error("path"), StringComparison.Ordinal);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task Unknown_format_is_repeated_with_the_closest_accepted_value()
    {
        var result = await Server.CallAsync(Send, """{"path": "orders.csv", "pixel_id": "1234567890", "format": "jsonlines"}""");

        Assert.Equal("rejected", result.Status());
        var error = result.Error("format");
        Assert.Contains("format \"jsonlines\" is not accepted: use one of auto, csv, jsonl, json.", error, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"jsonl\"?", error, StringComparison.Ordinal);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_naming_each_parameter()
    {
        var result = await Server.CallAsync(Send, """{"path": 5, "pixel_id": "12x", "format": "xlsx", "columns": {"A": 1}, "defaults": [], "force": "yes", "sheet": 1}""");

        Assert.Equal("rejected", result.Status());
        foreach (var path in new[] { "path", "pixel_id", "format", "columns.A", "defaults", "force", "sheet" })
        {
            Assert.Contains(result.Issues("errors"), e => e.Path == path);
        }
    }

    [Fact]
    public async Task Progress_notifications_reach_the_client_and_the_last_one_says_every_row_is_done_before_the_result()
    {
        // Slow requests, so the client has the first notifications well before the result (the SDK may drop a
        // notification it reads after the result); the last one is checked on the wire.
        Graph.AcceptsSlowly(TimeSpan.FromMilliseconds(200));
        var path = Folder.Orders("progress.csv", 25);
        var seen = new ConcurrentQueue<ProgressNotificationValue>();

        var result = await Server.Client.CallToolAsync(Send, Arguments(path), new Progress(seen.Enqueue));

        Assert.Equal("sent", result.Status());
        await WaitUntilAsync(() => Graph.AllAnswered, "the fake to answer every request");
        await WaitUntilAsync(() => !seen.IsEmpty, "a progress notification");
        Assert.All(seen, p => Assert.Equal(25, p.Total));
        Assert.Equal(seen.Select(p => p.Progress).Order(), seen.Select(p => p.Progress));
        var wire = Server.StdoutText;
        var last = wire.IndexOf("\"progress\":25,\"total\":25,\"message\":\"25 of 25 rows: 25 sent", StringComparison.Ordinal);
        var answer = wire.IndexOf("\"rows_sent\":25", last + 1, StringComparison.Ordinal);
        Assert.True(last >= 0 && answer > last, "the final progress notification precedes the result on the wire");
    }

    [Fact]
    public async Task Cancellation_keeps_what_Meta_acknowledged_and_the_same_call_sends_only_the_rest()
    {
        Graph.AcceptsSlowly(TimeSpan.FromMilliseconds(300));
        var path = Folder.Orders("cancelled.csv", 100);
        using var cancellation = new CancellationTokenSource();

        var call = Server.CallAsync(Send, UploadFolder.Arguments(path), cancellation.Token);
        await WaitUntilAsync(() => Graph.ReceivedRequests >= 3, "three requests to reach Meta");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitUntilAsync(() => Server.StderrLines.Any(l => l.Contains(Send + ": cancelled", StringComparison.Ordinal)),
            "the server to log the cancelled upload");
        await WaitUntilAsync(() => Graph.AllAnswered, "the fake to answer the request that was in flight");
        var before = Graph.ReceivedEventIds.ToList();

        Graph.AcceptsSlowly(TimeSpan.Zero);
        var again = await Server.CallAsync(Send, UploadFolder.Arguments(path));

        Assert.Equal("sent", again.Status());
        Assert.True(Upload(again).GetProperty("resumed").GetBoolean());
        var all = before.Concat(Graph.ReceivedEventIds).ToList();
        Assert.Equal(100, all.Distinct().Count());
        // One request in flight at a time: at most its 10 rows reached Meta twice, with the same event_ids.
        Assert.InRange(all.Count - 100, 0, 10);
        Assert.Equal(100 - Count(again, "rows_already_sent"), Count(again, "rows_sent"));
    }

    private static Dictionary<string, object?> Arguments(string path)
    {
        using var document = JsonDocument.Parse(UploadFolder.Arguments(path));
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private sealed class Progress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
