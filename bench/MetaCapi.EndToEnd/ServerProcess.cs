using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MetaCapi.EndToEnd;

/// <summary>
/// One MCP server process over stdio, driven with raw JSON-RPC lines (no client library between the clock and the
/// pipe). Requests may be in flight concurrently; answers are matched by id.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<(JsonNode Answer, long At)>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _reader;
    private long _nextId;

    private ServerProcess(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAnswersAsync);
        _ = Task.Run(DrainStderrAsync);
    }

    public int ProcessId => _process.Id;

    public static ServerProcess Start(Variant variant, string graphUrl)
    {
        var start = new ProcessStartInfo(variant.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in variant.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variant.Environment(graphUrl))
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {variant.Command}"));
    }

    /// <summary>initialize, notifications/initialized: what every client does first.</summary>
    public async Task InitializeAsync(string protocolVersion = "2025-06-18")
    {
        await RequestAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = protocolVersion,
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "metacapi-bench", ["version"] = "1.0.0" },
        }.ToJsonString()).ConfigureAwait(false);
        await WriteLineAsync("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").ConfigureAwait(false);
    }

    /// <summary>Sends a request whose params are <paramref name="parametersJson"/>; returns the answer, when the request line was written and when the answer arrived.</summary>
    public async Task<(JsonNode Answer, long Sent, long Answered)> RequestAsync(string method, string parametersJson)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<(JsonNode, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        var line = string.Create(CultureInfo.InvariantCulture, $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parametersJson}}}");
        var sent = Stopwatch.GetTimestamp();
        await WriteLineAsync(line).ConfigureAwait(false);
        var (answer, at) = await pending.Task.WaitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return (answer, sent, at);
    }

    /// <summary>Resident and peak resident memory of the server process, in MiB (Linux /proc).</summary>
    public (double Rss, double Peak) Memory()
    {
        double rss = double.NaN, peak = double.NaN;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line) / 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line) / 1024;
            }
        }

        return (rss, peak);

        static double Kib(string line) =>
            double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time the server process has used so far (user + system, all threads), in ms (Linux /proc, 10 ms ticks).</summary>
    public double CpuMilliseconds() => Stat().CpuMilliseconds;

    /// <summary>CPU time (user + system, all threads, in ms; 10 ms ticks) and minor page faults so far (Linux /proc).</summary>
    public (double CpuMilliseconds, long MinorFaults) Stat()
    {
        // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, minflt 10, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (ticks * 10.0, long.Parse(fields[7], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _reader.ConfigureAwait(false);
        _process.Dispose();
        _writeLock.Dispose();
    }

    private async Task WriteLineAsync(string line)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteAsync(line + "\n").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadAnswersAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var at = Stopwatch.GetTimestamp();
            JsonNode? message;
            try
            {
                message = JsonNode.Parse(line);
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }

            if (message?["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var id) && _pending.TryRemove(id, out var pending))
            {
                pending.TrySetResult((message, at));
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new IOException("the server closed stdout"));
        }
    }

    private async Task DrainStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }
    }
}
