using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// The server process with its raw stdin, stdout and stderr, for what an SDK client hides: every byte written to
/// stdout, exit codes, start-up errors.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private int _nextId;

    private RawServer(Process process)
    {
        _process = process;
        _stdoutPump = Pump(process.StandardOutput, _stdout);
        _stderrPump = Pump(process.StandardError, _stderr);
    }

    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    public IReadOnlyList<string> StderrLines => [.. _stderr];

    public static RawServer Start(IReadOnlyDictionary<string, string?> environment, params string[] extraArguments)
    {
        var start = ServerCommand.StartInfo(environment, extraArguments);
        return new RawServer(Process.Start(start)!);
    }

    /// <summary>
    /// Runs the server through <c>bash</c> with its stdin set up by <paramref name="stdin"/> (a redirection such as
    /// <c>&lt; file</c>), as a shell user starts it, until it exits.
    /// </summary>
    public static async Task<(int ExitCode, string[] Stdout, string[] Stderr)> RunWithStdinAsync(
        IReadOnlyDictionary<string, string?> environment, string stdin)
    {
        var server = ServerCommand.StartInfo(environment);
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" " + stdin);
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(server.FileName);
        foreach (var argument in server.ArgumentList)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in server.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, Lines(await stdout), Lines(await stderr));

        static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Runs the server to completion (for --help, --version, bad configuration).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(
        IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        await using var server = Start(environment, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server._process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(server._stdoutPump, server._stderrPump);
        return (server._process.ExitCode, string.Join("\n", server._stdout), string.Join("\n", server._stderr));
    }

    /// <summary>Sends a JSON-RPC request and waits for the response with its id.</summary>
    public Task<JsonNode> RequestAsync(string method, JsonNode? parameters = null) =>
        RequestRawAsync(method, parameters?.ToJsonString());

    /// <summary>
    /// Sends a JSON-RPC request whose params are JSON text written into the line as given, byte for byte (for
    /// what a <see cref="JsonNode"/> cannot carry, such as an unpaired surrogate escape), and waits for the response.
    /// </summary>
    public async Task<JsonNode> RequestRawAsync(string method, string? parametersJson)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method }.ToJsonString();
        if (parametersJson is not null)
        {
            // One message per line: line breaks between JSON tokens become spaces (inside strings they are escaped).
            request = request[..^1] + ",\"params\":" + parametersJson.ReplaceLineEndings(" ") + "}";
        }

        await SendLineAsync(request);
        return await AnswerAsync(id, method);
    }

    /// <summary>
    /// Sends one line of raw bytes (for what no .NET string can carry, such as bytes that are not UTF-8), built by
    /// <paramref name="line"/> from the request ID, and waits for the answer with that ID.
    /// </summary>
    public async Task<JsonNode> RequestBytesAsync(Func<int, byte[]> line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var id = Interlocked.Increment(ref _nextId);
        var stdin = _process.StandardInput.BaseStream;
        await stdin.WriteAsync(line(id));
        await stdin.WriteAsync("\n"u8.ToArray());
        await stdin.FlushAsync();
        return await AnswerAsync(id, "a raw request");
    }

    /// <summary>Waits for the answer (result or error) with <paramref name="id"/>; the process answers as it can, without a deadline of ours but a generous one.</summary>
    private async Task<JsonNode> AnswerAsync(int id, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in _stdout)
            {
                if (JsonNode.Parse(line) is JsonObject message && message["id"]?.GetValueKind() == JsonValueKind.Number
                    && message["id"]!.GetValue<int>() == id && (message.ContainsKey("result") || message.ContainsKey("error")))
                {
                    return message;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited ({_process.ExitCode}) without answering {what} (id {id}). stderr: {string.Join("\n", _stderr)}");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No answer to {what} (id {id}). stderr: {string.Join("\n", _stderr)}");
    }

    public Task NotifyAsync(string method) =>
        SendLineAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method }.ToJsonString());

    /// <summary>initialize + notifications/initialized, as every client starts.</summary>
    public async Task InitializeAsync()
    {
        await RequestAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-06-18",
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "raw-test", ["version"] = "1.0" },
        });
        await NotifyAsync("notifications/initialized");
    }

    public Task<JsonNode> CallToolAsync(string name, string argumentsJson) =>
        RequestAsync("tools/call", new JsonObject { ["name"] = name, ["arguments"] = JsonNode.Parse(argumentsJson) });

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes stdin (the client goes away) and returns the exit code.</summary>
    public async Task<int> CloseAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(_stdoutPump, _stderrPump);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task Pump(StreamReader reader, ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
        }
    }
}
