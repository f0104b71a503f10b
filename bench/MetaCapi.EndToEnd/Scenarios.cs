using System.Diagnostics;

namespace MetaCapi.EndToEnd;

/// <summary>What one round measures for one variant. Each adds its samples under a figure name.</summary>
internal sealed class Scenarios(FakeGraph graph, Action<string, string, double, string> record, Options options)
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60;

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>Spawn → initialize → tools/list answered; peak RSS after it.</summary>
    public async Task ColdStartAsync(Variant variant)
    {
        for (var run = 0; run < options.ColdRuns; run++)
        {
            var start = Stopwatch.GetTimestamp();
            await using var server = ServerProcess.Start(variant, graph.Url);
            await server.InitializeAsync().ConfigureAwait(false);
            var (_, _, answered) = await server.RequestAsync("tools/list", "{}").ConfigureAwait(false);
            record("cold start, spawn → tools/list answered", variant.Name, Ms(start, answered), "ms");
            record("peak RSS after start", variant.Name, server.Memory().Peak, "MiB");
        }
    }

    /// <summary>Sequential single sends, then batches of each size; end to end and arguments in → request out.</summary>
    public async Task CallsAsync(Variant variant)
    {
        await using var server = ServerProcess.Start(variant, graph.Url);
        await server.InitializeAsync().ConfigureAwait(false);
        await server.RequestAsync("tools/list", "{}").ConfigureAwait(false);

        for (var i = 0; i < options.Warmup; i++)
        {
            await server.RequestAsync("tools/call", variant.SingleCall(i, Now)).ConfigureAwait(false);
        }

        for (var i = 0; i < options.SingleCalls; i++)
        {
            var (_, sent, answered) = await server.RequestAsync("tools/call", variant.SingleCall(1000 + i, Now)).ConfigureAwait(false);
            record("single send, end to end", variant.Name, Ms(sent, answered), "ms");
        }

        foreach (var size in options.BatchSizes)
        {
            var calls = Math.Max(5, options.BatchEvents / size);
            for (var i = 0; i < 3; i++)
            {
                await server.RequestAsync("tools/call", variant.BatchCall(size, i * size, Now)).ConfigureAwait(false);
            }

            var before = server.Stat();
            for (var i = 0; i < calls; i++)
            {
                var arguments = variant.BatchCall(size, (i + 3) * size, Now);
                var (_, sent, answered) = await server.RequestAsync("tools/call", arguments).ConfigureAwait(false);
                record($"batch of {size}, end to end", variant.Name, Ms(sent, answered), "ms");
                record($"batch of {size}, arguments in → request out", variant.Name, Ms(sent, graph.LastArrival), "ms");
            }

            // The server's own CPU time per call (both cores count): the figure a loaded machine disturbs least.
            var after = server.Stat();
            record($"batch of {size}, server CPU per call", variant.Name, (after.CpuMilliseconds - before.CpuMilliseconds) / calls, "ms");
            record($"batch of {size}, minor page faults per call", variant.Name, (after.MinorFaults - before.MinorFaults) / (double)calls, "faults");
        }
    }

    /// <summary>Single sends with <see cref="Options.InFlight"/> calls in flight: events per second.</summary>
    public async Task ThroughputAsync(Variant variant)
    {
        await using var server = ServerProcess.Start(variant, graph.Url);
        await server.InitializeAsync().ConfigureAwait(false);
        var next = 0;
        async Task Worker()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) <= options.ThroughputCalls)
            {
                await server.RequestAsync("tools/call", variant.SingleCall(index, Now)).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.InFlight).Select(_ => Worker())).ConfigureAwait(false);
        next = 0;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.InFlight).Select(_ => Worker())).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        record($"{options.InFlight} single sends in flight", variant.Name, options.ThroughputCalls / seconds, "events/s");
    }

    /// <summary>Resident memory five seconds after bursts: 20 batches of 1000, then 60 calls of 8 MB.</summary>
    public async Task MemoryAsync(Variant variant)
    {
        await using var server = ServerProcess.Start(variant, graph.Url);
        await server.InitializeAsync().ConfigureAwait(false);
        for (var i = 0; i < 20; i++)
        {
            await server.RequestAsync("tools/call", variant.BatchCall(1000, i * 1000, Now)).ConfigureAwait(false);
        }

        record("peak RSS, 20 batches of 1000", variant.Name, server.Memory().Peak, "MiB");
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        record("RSS 5 s after 20 batches of 1000", variant.Name, server.Memory().Rss, "MiB");

        for (var i = 0; i < options.LargeCalls; i++)
        {
            await server.RequestAsync("tools/call", variant.LargeCall(i, Now, 8 * 1024 * 1024)).ConfigureAwait(false);
        }

        record($"peak RSS, {options.LargeCalls} calls of 8 MB", variant.Name, server.Memory().Peak, "MiB");
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        record($"RSS 5 s after {options.LargeCalls} calls of 8 MB", variant.Name, server.Memory().Rss, "MiB");
    }
}

/// <summary>How much each scenario does.</summary>
internal sealed record Options
{
    public int Rounds { get; init; } = 2;

    public int ColdRuns { get; init; } = 11;

    public int Warmup { get; init; } = 20;

    public int SingleCalls { get; init; } = 200;

    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 10, 100, 1000];

    /// <summary>Events sent per batch size and round (at least 5 calls each).</summary>
    public int BatchEvents { get; init; } = 20_000;

    public int InFlight { get; init; } = 50;

    public int ThroughputCalls { get; init; } = 5000;

    public int LargeCalls { get; init; } = 60;

    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
