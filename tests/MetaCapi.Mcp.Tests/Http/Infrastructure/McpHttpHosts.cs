using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using MetaCapi.Mcp.Hosting;
using MetaCapi.Mcp.Hosting.Http;
using MetaCapi.Mcp.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MetaCapi.Mcp.Tests.Http.Infrastructure;

/// <summary>How a test hosts the HTTP server: in the test process (<see cref="InProcessHost"/>) or as the real executable.</summary>
public enum HostKind
{
    InProcess,
    Process,
}

/// <summary>An HTTP MCP server under test, however it is hosted.</summary>
public interface IMcpHttpHost : IAsyncDisposable
{
    /// <summary>The MCP endpoint (<c>…/mcp</c>).</summary>
    Uri Endpoint { get; }

    /// <summary>The server's log lines so far.</summary>
    IReadOnlyList<string> LogLines { get; }

    /// <summary>A handler that reaches the server (the test server's own, or sockets to 127.0.0.1).</summary>
    HttpMessageHandler CreateHandler();
}

public static class McpHttpHosts
{
    public static async Task<IMcpHttpHost> StartAsync(HostKind kind, IReadOnlyDictionary<string, string?> environment) => kind switch
    {
        HostKind.InProcess => InProcessHost.Start(environment),
        _ => await HttpServerProcess.StartAsync(environment),
    };
}

/// <summary>
/// The HTTP server hosted in the test process by <see cref="WebApplicationFactory{TEntryPoint}"/> on its test server,
/// with the same services and pipeline as <c>metacapi-mcp http</c> (<see cref="HttpServer.AddMetaCapiHttpServer"/>,
/// <see cref="HttpServer.UseMetaCapiHttpServer"/>) and its log lines captured.
/// </summary>
public sealed class InProcessHost : WebApplicationFactory<InProcessHost>, IMcpHttpHost
{
    private readonly Dictionary<string, string?> _configuration;
    private readonly LineWriter _log = new();

    private InProcessHost(IReadOnlyDictionary<string, string?> environment)
    {
        // Environment variable names as configuration keys: Logging__LogLevel__X is Logging:LogLevel:X.
        _configuration = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
    }

    public static InProcessHost Start(IReadOnlyDictionary<string, string?> environment)
    {
        var host = new InProcessHost(environment);
        _ = host.Server;
        return host;
    }

    public Uri Endpoint => new(Server.BaseAddress, HttpServer.McpPath);

    public IReadOnlyList<string> LogLines => _log.Lines;

    public HttpMessageHandler CreateHandler() => Server.CreateHandler();

    protected override IHostBuilder CreateHostBuilder() => new HostBuilder()
        .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_configuration))
        .ConfigureLogging((context, logging) =>
        {
            logging.AddConfiguration(context.Configuration.GetSection("Logging"));
            logging.AddStderrConsole(context.Configuration, _log);
        })
        .ConfigureWebHost(web => web
            .ConfigureServices((context, services) =>
            {
                var (settings, errors) = HttpSettings.Read(context.Configuration, ["http://127.0.0.1:80"]);
                Assert.Empty(errors);
                services.AddMetaCapiHttpServer(context.Configuration, settings);
            })
            .Configure(app => app.UseMetaCapiHttpServer(app.ApplicationServices.GetRequiredService<HttpSettings>())));

    /// <summary>The factory looks for the app's folder beside the solution; the server needs none: its own folder will do.</summary>
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>A writer that keeps each line written to it (the server's logger writes whole lines).</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => _lines.Enqueue(value ?? string.Empty);

        public override void Write(char value) => throw new NotSupportedException("the server's logger writes whole lines");
    }
}

/// <summary>
/// <c>metacapi-mcp http --urls http://127.0.0.1:PORT</c> as its own process (the built server, or the Native AOT
/// binary named by <c>METACAPI_SERVER</c>), ready once <c>/healthz</c> answers; stopped with SIGTERM like a container.
/// </summary>
public sealed class HttpServerProcess : IMcpHttpHost
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Task _pumps;

    private HttpServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
    }

    public Uri BaseUrl { get; }

    public Uri Endpoint => new(BaseUrl, HttpServer.McpPath);

    public IReadOnlyList<string> LogLines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public static async Task<HttpServerProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] extraArguments)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FakeIssuer.FreePort()}");
        var start = ServerCommand.StartInfo(environment, ["http", "--urls", baseUrl.GetLeftPart(UriPartial.Authority), .. extraArguments]);
        var server = new HttpServerProcess(Process.Start(start)!, baseUrl);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>Sends SIGTERM, as a container runtime or systemd stops a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits (at most <paramref name="bound"/>, a safety net rather than a measurement) for the exit and returns its code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
        await _pumps;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                Terminate();
                await WaitForExitAsync(TimeSpan.FromSeconds(40));
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or Xunit.Sdk.XunitException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (_process.HasExited)
            {
                await _pumps;
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{string.Join("\n", _lines)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the server did not answer /healthz:\n{string.Join("\n", _lines)}");
            }

            await Task.Delay(50);
        }
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _lines.Enqueue(line);
        }
    }
}
