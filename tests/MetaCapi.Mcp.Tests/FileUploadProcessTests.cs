using System.Text.Json;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// Uploads across processes: a server killed with SIGKILL in the middle of an upload, two servers sending the same file,
/// the file tools offered only when a folder is open, the start-up checks of the upload settings, and the
/// <c>upload</c> command's exit codes and <c>--json</c> output.
/// </summary>
public sealed class FileUploadProcessTests : IDisposable
{
    private const string Send = "meta_send_conversion_file";

    private readonly GraphFake _graph = new();
    private readonly UploadFolder _folder = new();

    public void Dispose()
    {
        _graph.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Kill_9_mid_upload_then_the_same_call_sends_every_row_once_except_the_request_in_flight_at_the_kill()
    {
        _graph.AcceptsSlowly(TimeSpan.FromMilliseconds(400));
        var path = _folder.Orders("killed.csv", 40);
        var environment = _folder.Environment(_graph.Url, batchSize: 2, parallelism: 1);

        await using (var doomed = await ServerSession.StartAsync(environment))
        {
            doomed.Forbid("Buyer.");
            _ = doomed.CallAsync(Send, UploadFolder.Arguments(path));
            await FileToolTests.WaitUntilAsync(() => _graph.ReceivedRequests >= 4, "four requests to reach Meta");
            await doomed.KillAsync();
        }

        await FileToolTests.WaitUntilAsync(() => _graph.AllAnswered, "the fake to answer the request that was in flight");
        var beforeKill = _graph.ReceivedEventIds.ToList();
        _graph.AcceptsSlowly(TimeSpan.Zero);
        await using var server = await ServerSession.StartAsync(environment);
        server.Forbid("Buyer.");
        var result = await server.CallAsync(Send, UploadFolder.Arguments(path));

        Assert.Equal("sent", result.Status());
        var upload = result.Structured().GetProperty("upload");
        Assert.True(upload.GetProperty("resumed").GetBoolean());
        var afterKill = _graph.ReceivedEventIds.ToList();
        var all = beforeKill.Concat(afterKill).ToList();
        Assert.Equal(40, all.Distinct().Count());
        // Acknowledged requests are never sent again; only the one request in flight at the kill (2 rows) may be.
        var repeated = beforeKill.Intersect(afterKill).ToList();
        Assert.InRange(repeated.Count, 0, 2);
        Assert.True(beforeKill.Count - repeated.Count >= 6, $"{beforeKill.Count} rows reached Meta before the kill, {repeated.Count} again after it");
        Assert.Equal(40 - upload.GetProperty("rows_already_sent").GetInt32(), afterKill.Count);
    }

    [Fact]
    public async Task Two_servers_uploading_the_same_file_do_not_both_send_it()
    {
        _graph.AcceptsSlowly(TimeSpan.FromMilliseconds(300));
        var path = _folder.Orders("shared.csv", 30);
        var environment = _folder.Environment(_graph.Url, batchSize: 5, parallelism: 1);
        await using var first = await ServerSession.StartAsync(environment);
        await using var second = await ServerSession.StartAsync(environment);
        first.Forbid("Buyer.");
        second.Forbid("Buyer.");

        var sending = first.CallAsync(Send, UploadFolder.Arguments(path));
        await FileToolTests.WaitUntilAsync(() => _graph.ReceivedRequests >= 1, "the first server to start sending");
        var refused = await second.CallAsync(Send, UploadFolder.Arguments(path));
        var sent = await sending;

        Assert.Equal("rejected", refused.Status());
        Assert.Contains("being sent right now by another call or process", refused.Error("path"), StringComparison.Ordinal);
        Assert.Equal("sent", sent.Status());
        await FileToolTests.WaitUntilAsync(() => _graph.AllAnswered, "the fake to answer every request");
        Assert.Equal(30, _graph.ReceivedEventIds.Count);
        Assert.Equal(30, _graph.ReceivedEventIds.Distinct().Count());
    }

    [Fact]
    public async Task The_file_tools_exist_only_when_a_folder_is_open_to_them_by_setting_or_by_argument()
    {
        await using var plain = RawServer.Start(ServerCommand.EnvironmentFor(_graph.Url));
        await using var withArgument = RawServer.Start(ServerCommand.EnvironmentFor(_graph.Url), "--file-root", _folder.Root);
        await plain.InitializeAsync();
        await withArgument.InitializeAsync();

        var without = (await plain.RequestAsync("tools/list"))["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        var with = (await withArgument.RequestAsync("tools/list"))["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

        Assert.Equal(5, without.Count);
        Assert.DoesNotContain(Send, without);
        Assert.Equal(7, with.Count);
        Assert.Contains(Send, with);
        Assert.Contains("meta_preview_conversion_file", with);
    }

    [Theory]
    [InlineData("META_UPLOAD_PARALLELISM", "0", "use a whole number from 1 to 16")]
    [InlineData("META_UPLOAD_PARALLELISM", "many", "use a whole number from 1 to 16")]
    [InlineData("META_UPLOAD_BATCH_SIZE", "1001", "use a whole number from 1 to 1000")]
    [InlineData("META_FILE_ROOTS", "/no/such/folder", "is not an absolute path of a folder that exists")]
    [InlineData("META_FILE_ROOTS", "relative/folder", "is not an absolute path of a folder that exists")]
    [InlineData("META_STATE_DIR", "relative/state", "is not an absolute path")]
    public async Task An_invalid_upload_setting_stops_the_server_with_one_line_naming_it(string variable, string value, string explanation)
    {
        var run = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?> { [variable] = value }));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"metacapi-mcp: {variable}: ", line, StringComparison.Ordinal);
        Assert.Contains(explanation, line, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Upload(params string[] arguments) =>
        RawServer.RunToExitAsync(_folder.Environment(_graph.Url), ["upload", .. arguments]);

    [Fact]
    public async Task Upload_exits_0_when_every_valid_row_was_sent_and_prints_the_tools_result_with_json()
    {
        var path = _folder.Orders("cron.csv", 12);

        var run = await Upload(path, "--pixel-id", GraphFake.PixelId, "--default", "event_name=Purchase", "--default", "action_source=physical_store", "--json");

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Stdout);
        Assert.Equal("sent", result.RootElement.GetProperty("status").GetString());
        Assert.Equal(12, result.RootElement.GetProperty("upload").GetProperty("rows_sent").GetInt32());
        Assert.Equal(2, _graph.Requests.Count);
        Assert.Contains("12 of 12 rows: 12 sent", run.Stderr, StringComparison.Ordinal);
        Leaks.AssertNone(run.Stdout + run.Stderr, ["Buyer."]);
    }

    [Fact]
    public async Task Upload_exits_1_when_rows_were_rejected_or_failed_and_a_dry_run_sends_nothing()
    {
        var path = _folder.Orders("some-bad.csv", 5, bad: new HashSet<int> { 2 });
        string[] common = ["--pixel-id", GraphFake.PixelId, "--default", "event_name=Purchase", "--default", "action_source=physical_store"];

        var dryRun = await Upload([path, .. common, "--dry-run"]);
        Assert.Equal(1, dryRun.ExitCode);
        Assert.Empty(_graph.Requests);
        Assert.StartsWith("**Preview, nothing was sent**: 4 rows of 5", dryRun.Stdout, StringComparison.Ordinal);

        var rejected = await Upload([path, .. common]);
        Assert.Equal(1, rejected.ExitCode);
        Assert.StartsWith("**Partly sent**", rejected.Stdout, StringComparison.Ordinal);

        _graph.FailsWith(400, 190);
        var failed = await Upload([_folder.Orders("refused.csv", 3), .. common, "--json"]);
        Assert.Equal(1, failed.ExitCode);
        using var result = JsonDocument.Parse(failed.Stdout);
        Assert.Equal("failed", result.RootElement.GetProperty("status").GetString());
        Assert.Equal(190, result.RootElement.GetProperty("meta_error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("--column", "no-equals-sign")]
    [InlineData("--frobnicate", "1")]
    [InlineData("--format", "xlsx")]
    public async Task Upload_exits_2_for_a_usage_error(string option, string value)
    {
        var path = _folder.Orders("usage.csv", 2);

        var run = await Upload(path, "--pixel-id", GraphFake.PixelId, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith("metacapi-mcp upload", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task Upload_exits_2_without_a_pixel_a_mapping_or_a_token_and_for_a_bad_setting()
    {
        var path = _folder.Orders("config.csv", 2);

        var noPixel = await Upload(path);
        var noMapping = await Upload(path, "--pixel-id", GraphFake.PixelId);
        var noToken = await RawServer.RunToExitAsync(
            _folder.Environment(_graph.Url, more: new Dictionary<string, string?> { ["META_ACCESS_TOKEN"] = null }),
            "upload", path, "--pixel-id", GraphFake.PixelId, "--default", "event_name=Purchase", "--default", "action_source=physical_store");
        var badSetting = await RawServer.RunToExitAsync(
            _folder.Environment(_graph.Url, more: new Dictionary<string, string?> { ["META_UPLOAD_BATCH_SIZE"] = "0" }),
            "upload", path, "--pixel-id", GraphFake.PixelId);

        Assert.Equal((2, 2, 2, 2), (noPixel.ExitCode, noMapping.ExitCode, noToken.ExitCode, badSetting.ExitCode));
        Assert.Contains("--pixel-id is required", noPixel.Stderr, StringComparison.Ordinal);
        Assert.Contains("No column gives event_name", noMapping.Stdout, StringComparison.Ordinal);
        Assert.Contains("META_ACCESS_TOKEN", noToken.Stderr, StringComparison.Ordinal);
        Assert.Contains("META_UPLOAD_BATCH_SIZE", badSetting.Stderr, StringComparison.Ordinal);
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task Help_lists_the_upload_command_and_its_options()
    {
        var root = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url), "--help");
        var upload = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url), "upload", "--help");

        Assert.Equal((0, 0), (root.ExitCode, upload.ExitCode));
        Assert.Contains("upload", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("--file-root", root.Stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "--pixel-id", "--dry-run", "--column", "--default", "--time-zone", "--test-event-code", "--json", "--force", "--rejected-rows" })
        {
            Assert.Contains(option, upload.Stdout, StringComparison.Ordinal);
        }
    }
}
