using System.Text.Json;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>The process as a host starts it: command line, configuration errors, stdout purity, secrets.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly GraphFake _graph = new();

    public void Dispose() => _graph.Dispose();

    [Fact]
    public async Task By_default_the_log_is_one_line_per_tool_call_on_stderr()
    {
        var environment = ServerCommand.EnvironmentFor(_graph.Url);
        foreach (var key in environment.Keys.Where(k => k.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
        {
            environment[key] = null;
        }

        await using var server = RawServer.Start(environment);
        await server.InitializeAsync();
        await server.CallToolAsync("meta_send_conversion_event", EventJson.WebsitePurchase());
        Assert.Equal(0, await server.CloseAsync());

        var line = Assert.Single(server.StderrLines);
        Assert.Contains("meta_send_conversion_event: pixel 1234567890, 1 event(s)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_piped_from_a_file_are_all_answered_before_the_server_exits()
    {
        // As a shell user runs it: `metacapi-mcp < requests.jsonl`. Stdin ends while the send is still waiting for Meta.
        _graph.Respond(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody("""{"events_received": 1, "messages": [], "fbtrace_id": "Piped1"}""").WithDelay(TimeSpan.FromMilliseconds(500)));
        var requests = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(requests,
            [
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"file","version":"1"}}}""",
                """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
                """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
                """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"meta_send_conversion_event","arguments":""" + EventJson.WebsitePurchase().ReplaceLineEndings(" ") + "}}",
                """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"meta_preview_conversion_event","arguments":""" + EventJson.WebsitePurchase().ReplaceLineEndings(" ") + "}}",
            ]);

            var run = await RawServer.RunWithStdinAsync(ServerCommand.EnvironmentFor(_graph.Url), $"< '{requests}'");

            Assert.Equal(0, run.ExitCode);
            var answers = run.Stdout.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(a => a.GetProperty("id").GetInt32());
            Assert.Equal([1, 2, 3, 4], answers.Keys.Order());
            Assert.Contains(answers[2].GetProperty("result").GetProperty("tools").EnumerateArray(),
                tool => tool.GetProperty("name").GetString() == "meta_send_conversion_event");
            Assert.Equal("sent", answers[3].GetProperty("result").GetProperty("structuredContent").GetProperty("status").GetString());
            Assert.Equal("Piped1", answers[3].GetProperty("result").GetProperty("structuredContent").GetProperty("fbtrace_id").GetString());
            Assert.Equal("preview", answers[4].GetProperty("result").GetProperty("structuredContent").GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(requests);
        }
    }

    [Fact]
    public async Task A_failure_to_read_stdin_exits_non_zero_with_one_line_on_stderr()
    {
        // Stdin open for writing only: every read fails.
        var environment = ServerCommand.EnvironmentFor(_graph.Url);
        foreach (var key in environment.Keys.Where(k => k.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
        {
            environment[key] = null;
        }

        var run = await RawServer.RunWithStdinAsync(environment, "0>/dev/null");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.Stderr);
        Assert.StartsWith("metacapi-mcp: reading the protocol input (stdin) failed (", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_a_512_MB_heap_limit_calls_of_8_MB_are_answered_and_the_server_serves_on()
    {
        // What a container capped at about 680 MB gives the .NET heap.
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x20000000",
        }));
        await server.InitializeAsync();
        var big = new string('x', 8 * 1024 * 1024);

        for (var i = 0; i < 8; i++)
        {
            var sent = await server.CallToolAsync("meta_send_conversion_event", EventJson.WebsitePurchase()
                .Replace("\"value\": 49.99,", $"\"value\": 49.99, \"note\": \"{big}\",", StringComparison.Ordinal));
            var rejected = await server.CallToolAsync("meta_send_conversion_event", EventJson.WebsitePurchase($", \"test_event_code\": \"{big}\""));

            Assert.Equal("sent", sent["result"]!["structuredContent"]!["status"]!.GetValue<string>());
            Assert.Equal("rejected", rejected["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        }

        var next = await server.CallToolAsync("meta_send_conversion_event", EventJson.WebsitePurchase());
        Assert.Equal("sent", next["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Equal(9, _graph.Requests.Count);
        Assert.Equal(0, await server.CloseAsync());
    }

    [Fact]
    public async Task Help_and_version_print_and_exit_zero_without_starting_the_protocol()
    {
        var help = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url), "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("META_ACCESS_TOKEN", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("claude_desktop_config.json", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerCommand.AccessToken, help.Stdout + help.Stderr, StringComparison.Ordinal);

        // The help's "from a clone" registration is the README's, word for word (a newcomer compared them).
        var cloneExample = help.Stdout.Split('\n').Select(l => l.Trim())
            .Single(l => l.StartsWith("\"command\": \"dotnet\", \"args\": [\"run\"", StringComparison.Ordinal));
        Assert.Contains(cloneExample, File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")), StringComparison.Ordinal);

        var version = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url), "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^metacapi-mcp \d+\.\d+\.\d+", version.Stdout);
    }

    [Theory]
    [InlineData("META_GRAPH_API_VERSION", "25")]
    [InlineData("META_GRAPH_BASE_URL", "not a url")]
    [InlineData("META_GRAPH_BASE_URL", "ftp://graph.example.com")]
    [InlineData("META_DEFAULT_COUNTRY", "XX")]
    [InlineData("META_DEFAULT_COUNTRY", "Germany")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "0")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "many")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "-1")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "soon")]
    public async Task Invalid_setting_stops_the_server_with_one_line_naming_the_variable(string variable, string value)
    {
        var environment = ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?> { [variable] = value });

        var run = await RawServer.RunToExitAsync(environment);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(variable, line, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerCommand.AccessToken, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerCommand.AppSecret, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_arguments_are_ignored_with_a_note_that_does_not_echo_their_value()
    {
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(_graph.Url), "--strict", "--token=" + ServerCommand.AccessToken);
        await server.InitializeAsync();
        var tools = await server.RequestAsync("tools/list");
        Assert.Equal(0, await server.CloseAsync());

        Assert.Equal(5, tools["result"]!["tools"]!.AsArray().Count);
        Assert.Contains(server.StderrLines, l => l.Contains("ignoring unknown argument '--token'", StringComparison.Ordinal));
        Assert.Contains(server.StderrLines, l => l.Contains("ignoring unknown argument '--strict'", StringComparison.Ordinal));
        Assert.DoesNotContain(ServerCommand.AccessToken, string.Join("\n", server.StderrLines.Concat(server.StdoutLines)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_may_be_given_as_arguments()
    {
        var run = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url), "--META_GRAPH_API_VERSION=latest");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("META_GRAPH_API_VERSION", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_server_starts_lists_tools_and_explains_how_to_set_it()
    {
        var environment = ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?> { ["META_ACCESS_TOKEN"] = null });
        await using var server = await ServerSession.StartAsync(environment);

        Assert.Equal(5, (await server.Client.ListToolsAsync()).Count);
        var result = await server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase());

        Assert.Equal("rejected", result.Status());
        Assert.Contains("Set the META_ACCESS_TOKEN environment variable", result.Error("META_ACCESS_TOKEN"), StringComparison.Ordinal);
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task Stdout_carries_only_JSON_RPC_and_no_secret_or_customer_data_leaks_anywhere()
    {
        // Even with the MCP SDK asked for Trace, where it would quote whole protocol messages.
        await using var server = RawServer.Start(ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?>
        {
            ["Logging__LogLevel__ModelContextProtocol.Server"] = "Trace",
        }));
        await server.InitializeAsync();
        await server.RequestAsync("tools/list");
        var sent = await server.CallToolAsync("meta_send_conversion_event", EventJson.WebsitePurchase());
        await server.CallToolAsync("meta_send_conversion_event", "{\"pixel_id\": 5, \"user_data\": {\"em\": \"" + EventJson.RawEmail + "\"}}");
        _graph.FailsWith(400, 190, subcode: 463);
        await server.CallToolAsync("meta_send_conversion_event", EventJson.WebsitePurchase());
        await server.CallToolAsync("meta_preview_conversion_event", EventJson.WebsitePurchase());
        Assert.Equal(0, await server.CloseAsync());

        Assert.Equal("sent", sent["result"]!["structuredContent"]!["status"]!.GetValue<string>());
        Assert.NotEmpty(server.StdoutLines);
        foreach (var line in server.StdoutLines)
        {
            using var message = JsonDocument.Parse(line);
            Assert.Equal("2.0", message.RootElement.GetProperty("jsonrpc").GetString());
        }

        var everything = string.Join("\n", server.StdoutLines.Concat(server.StderrLines));
        Assert.DoesNotContain(ServerCommand.AccessToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerCommand.AppSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("John_Smith", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("555-1212", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("6505551212", everything, StringComparison.Ordinal);
        Assert.NotEmpty(server.StderrLines);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MetaCapi.Mcp.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MetaCapi.Mcp.sln) is not above " + AppContext.BaseDirectory);
    }
}
