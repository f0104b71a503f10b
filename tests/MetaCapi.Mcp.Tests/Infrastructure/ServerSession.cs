using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// The real server process over stdio, driven by the SDK's own client, as an MCP host would. The session keeps a
/// transcript of everything the server said (every stdout byte, every stderr line, every tool result), and on
/// disposal closes stdin as a host does, waits for the exit and fails if the transcript carries a secret or raw
/// customer data (<see cref="Leaks"/>): every test that runs a session is also a privacy test.
/// </summary>
public sealed class ServerSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr;
    private readonly CapturingReadStream _stdout;
    private readonly Task _stderrPump;
    private readonly ConcurrentQueue<CallToolResult> _results = new();
    private readonly List<string> _extraForbidden = [];
    private bool _stopped;

    private ServerSession(McpClient client, Process process, CapturingReadStream stdout, ConcurrentQueue<string> stderr, Task stderrPump)
    {
        Client = client;
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
        _stderrPump = stderrPump;
    }

    public McpClient Client { get; }

    public IReadOnlyList<string> StderrLines => [.. _stderr];

    /// <summary>Everything the server wrote to stdout so far (the JSON-RPC channel).</summary>
    public string StdoutText => _stdout.Text;

    /// <summary>Every result <see cref="CallAsync"/> received.</summary>
    public IReadOnlyList<CallToolResult> Results => [.. _results];

    /// <summary>The server's exit code, once it has stopped.</summary>
    public int? ExitCode => _stopped ? _process.ExitCode : null;

    public static async Task<ServerSession> StartAsync(Dictionary<string, string?> environment)
    {
        var start = ServerCommand.StartInfo(environment);
        var process = Process.Start(start)!;
        var stderr = new ConcurrentQueue<string>();
        var stderrPump = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                stderr.Enqueue(line);
            }
        });
        var stdout = new CapturingReadStream(process.StandardOutput.BaseStream);
        try
        {
            var client = await McpClient.CreateAsync(
                new StreamClientTransport(process.StandardInput.BaseStream, stdout),
                new McpClientOptions
                {
                    DiscoverProbeTimeout = TimeSpan.FromSeconds(60),
                    InitializationTimeout = TimeSpan.FromSeconds(120),
                });
            return new ServerSession(client, process, stdout, stderr, stderrPump);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Calls a tool with arguments written as JSON, so tests can send any shape, wrong types included.</summary>
    public async Task<CallToolResult> CallAsync(string tool, string argumentsJson, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(argumentsJson, new JsonDocumentOptions { MaxDepth = 256 });
        var arguments = new Dictionary<string, object?>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        var result = await Client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        _results.Enqueue(result);
        return result;
    }

    /// <summary>Also fail the leak scan on <paramref name="values"/> (raw customer data a test sends).</summary>
    public void Forbid(params string[] values) => _extraForbidden.AddRange(values);

    /// <summary>Everything the server said so far: stdout, stderr, and the text and structured content of every result.</summary>
    public string Transcript()
    {
        var transcript = new StringBuilder()
            .AppendLine(StdoutText)
            .AppendJoin('\n', _stderr).AppendLine();
        foreach (var result in _results)
        {
            transcript.AppendLine(result.Text());
            transcript.AppendLine(result.StructuredContent?.GetRawText());
        }

        return transcript.ToString();
    }

    /// <summary>
    /// Fails when the transcript so far carries a secret or raw customer data. Log lines written after the last
    /// answer may still be on their way: <see cref="DisposeAsync"/> scans again once the process has exited.
    /// </summary>
    public void AssertNoLeaks() => Leaks.AssertNone(Transcript(), _extraForbidden);

    /// <summary>Kills the process at once (SIGKILL on Unix: no clean-up of any kind), as a crash or <c>kill -9</c> does.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Closes stdin as a host does, waits for the process to exit, and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_stopped)
        {
            try
            {
                await Client.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException && _process.HasExited)
            {
                // The process was killed; the pipes are gone.
            }

            try
            {
                _process.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The client closed the pipe already.
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            await _stderrPump;
            await _stdout.DrainAsync();
            _stopped = true;
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
            AssertNoLeaks();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>A read stream that keeps a copy of every byte read through it.</summary>
    private sealed class CapturingReadStream(Stream inner) : ObservedReadStream(inner)
    {
        private readonly MemoryStream _copy = new();
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);
                }
            }
        }

        /// <summary>Reads what is left after the client stopped reading (the process has exited).</summary>
        public async Task DrainAsync()
        {
            var buffer = new byte[8192];
            try
            {
                while (await ReadAsync(buffer) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The client disposed the pipe; nothing more can arrive.
            }
        }

        protected override void Observe(ReadOnlySpan<byte> read)
        {
            lock (_gate)
            {
                _copy.Write(read);
            }
        }
    }
}

/// <summary>Reading a tool result.</summary>
public static class ResultExtensions
{
    public static JsonElement Structured(this CallToolResult result) =>
        result.StructuredContent ?? throw new InvalidOperationException("The result has no structuredContent.");

    public static string Text(this CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    public static string Status(this CallToolResult result) => result.Structured().GetProperty("status").GetString()!;

    public static IReadOnlyList<(string Path, string Message)> Issues(this CallToolResult result, string kind) =>
        [.. result.Structured().GetProperty(kind).EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("message").GetString()!))];

    public static string Error(this CallToolResult result, string path)
    {
        var matches = result.Issues("errors").Where(e => e.Path == path).ToList();
        Assert.True(matches.Count == 1, $"expected one error at {path}; errors: {string.Join(" | ", result.Issues("errors"))}");
        return matches[0].Message;
    }
}
