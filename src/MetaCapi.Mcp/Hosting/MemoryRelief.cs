using System.Runtime;
using Microsoft.Extensions.Logging;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// Gives memory back after large messages (see <c>docs/decisions.md</c>, "Memory after bursts"). The garbage
/// collector only runs when something allocates, so a server that goes quiet after a burst of large calls would keep
/// the burst's memory for as long as it stays quiet. Once a message of a megabyte or more has been read and no
/// request is left in flight for <see cref="QuietTime"/>, one full, compacting collection runs that also returns the
/// freed memory to the operating system (<see cref="GCCollectionMode.Aggressive"/>). It costs a few milliseconds
/// of a quiet server's time, and never runs while small calls come and go.
/// </summary>
internal sealed partial class MemoryRelief : IDisposable
{
    /// <summary>How long the server must be quiet after a large message before the collection.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(500);

    private readonly ILogger _logger;
    private readonly Timer _timer;
    private int _largeRead;

    public MemoryRelief(ILogger logger)
    {
        _logger = logger;
        _timer = new Timer(static state => ((MemoryRelief)state!).OnQuiet(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>A large message was read: collect once the server is quiet again (not while it is still busy).</summary>
    public void LargeMessageRead()
    {
        Volatile.Write(ref _largeRead, 1);
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>No request is in flight any more.</summary>
    public void Idle()
    {
        if (Volatile.Read(ref _largeRead) == 1)
        {
            _timer.Change(QuietTime, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Collects now (after running out of memory for a message).</summary>
    public void Relieve() => Collect();

    public void Dispose() => _timer.Dispose();

    private void OnQuiet()
    {
        if (Interlocked.Exchange(ref _largeRead, 0) == 1)
        {
            Collect();
        }
    }

    private void Collect()
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Log.Collected(_logger, before / (1024 * 1024), GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Quiet after large messages: collected the heap from {BeforeMiB} MiB to {AfterMiB} MiB")]
        public static partial void Collected(ILogger logger, long beforeMiB, long afterMiB);
    }
}
