using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace MetaCapi.Tests.Graph;

/// <summary>
/// One fake Graph API (WireMock on 127.0.0.1) and one client wired exactly as in production
/// (<c>AddMetaConversionsApi</c>), with tiny delays so the suite stays fast, and every log line captured.
/// </summary>
internal sealed class GraphHarness : IDisposable
{
    public const string Token = "EAAtest-token-123";
    public const string Secret = "app-secret-xyz";
    public const string PixelId = "1234567890";

    private readonly ServiceProvider _provider;
    private readonly TimeProvider? _timeProvider;

    public GraphHarness(Action<ConversionsApiOptions>? configure = null, TimeProvider? timeProvider = null, string basePath = "")
    {
        _timeProvider = timeProvider;
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddMetaConversionsApi(o =>
        {
            o.AccessToken = Token;
            o.GraphBaseUrl = new Uri(Server.Url + basePath);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            // Far longer than WireMock takes to answer on a loaded machine: a test sees only the timeouts it sets up.
            o.AttemptTimeout = TimeSpan.FromSeconds(120);
            o.TotalTimeout = TimeSpan.FromSeconds(300);
            configure?.Invoke(o);
        });
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<ConversionsApiClient>();
    }

    public WireMockServer Server { get; }

    public ConversionsApiClient Client { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    public static EventRequest SampleRequest(string? testEventCode = null) => new()
    {
        Data =
        [
            new ServerEvent
            {
                EventName = "Purchase",
                EventTime = 1_767_225_600,
                EventId = "order-1001",
                ActionSource = ActionSource.Website,
                EventSourceUrl = "https://shop.example/checkout",
                UserData = new UserData
                {
                    Em = ["7b17fb0bd173f625b58636fb796407c22b3d16fc78302d79f0fd30c2fc2fc068"],
                    ClientUserAgent = "Mozilla/5.0",
                },
                CustomData = new CustomData
                {
                    Currency = "USD",
                    Value = 12.5m,
                    CustomProperties = new() { ["plan"] = JsonDocument.Parse("\"gold\"").RootElement.Clone() },
                },
            },
        ],
        TestEventCode = testEventCode,
    };

    public Task<DeliveryResult> SendAsync(CancellationToken cancellationToken = default) =>
        Client.SendAsync(PixelId, SampleRequest(), cancellationToken);

    /// <summary>A port nothing listens on (taken from the OS, then released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        if (_timeProvider is ObservedFakeTime time)
        {
            // A test that failed half-way may leave a delivery waiting on fake time, and Polly's registry waits for
            // running deliveries (on the same clock) when disposed: keep the clock moving until disposal is done.
            using var disposed = new CancellationTokenSource();
            var clock = Task.Run(async () =>
            {
                while (!disposed.IsCancellationRequested)
                {
                    time.Fake.Advance(TimeSpan.FromSeconds(1));
                    await Task.Delay(5);
                }
            });
            _provider.Dispose();
            disposed.Cancel();
            clock.GetAwaiter().GetResult();
        }
        else
        {
            _provider.Dispose();
        }

        Server.Stop();
        Server.Dispose();
    }
}

/// <summary>Captures every log line (message and exception text) of every category.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also records the due time of every timer created, so a test can wait until
/// the pipeline starts a particular wait (a <c>Retry-After</c>) and then move time on by exactly that much.
/// </summary>
internal sealed class ObservedFakeTime : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));

    public IReadOnlyList<TimeSpan> TimerDueTimes => _dueTimes.ToArray();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _dueTimes.Enqueue(dueTime);
        return Fake.CreateTimer(callback, state, dueTime, period);
    }
}
