using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Commands;
using MetaCapi.Normalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Hosting;

/// <summary>The MCP server over stdin/stdout, as every MCP client starts it.</summary>
internal static class StdioServer
{
    /// <summary>Exit code when the server stops for a failure of its own (the protocol input could not be read).</summary>
    public const int Failure = 1;

    /// <summary>
    /// Runs the server until the client closes stdin and every request read has been answered; <paramref name="settings"/>
    /// are <c>--META_NAME=value</c> arguments.
    /// </summary>
    /// <returns>
    /// The process exit code: 0 after a normal end, <see cref="CommandLine.UsageError"/> for invalid settings,
    /// <see cref="Failure"/> (with one line on stderr) when something stopped the server.
    /// </returns>
    public static async Task<int> RunAsync(string[] settings)
    {
        // An exception no code caught, on any thread, would end the process with the runtime's multi-line report: one
        // line instead (the type only: a message may quote input), and the same non-zero exit as any other failure.
        AppDomain.CurrentDomain.UnhandledException += static (_, e) =>
        {
            Console.Error.WriteLine($"{CommandLine.Command}: stopped by an unexpected error ({e.ExceptionObject.GetType().Name}); exiting.");
            Environment.Exit(Failure);
        };

        StartupWarmUp.Start();

        // The standard configuration stack without what a stdio server started per session does not need (a file
        // watcher, environment-specific files, user secrets, four logging providers): it costs start-up time.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(settings);

        // stdout is the JSON-RPC channel: every log line goes to stderr.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddStderrConsole(builder.Configuration);

        if (SettingsErrors(builder.Configuration) is { Count: > 0 } errors)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"{CommandLine.Command}: {error}").ConfigureAwait(false);
            }

            return CommandLine.UsageError;
        }

        builder.Services.AddMetaCapiMcpServer(builder.Configuration);
        AddTransport(builder.Services);
        StdioTransport transport;
        try
        {
            var host = builder.Build();
            transport = host.Services.GetRequiredService<StdioTransport>();
            await host.RunAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever stops the host is reported in one line and a non-zero exit, never a stack trace on stdout.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return await FailAsync("the server stopped", exception.GetType().Name).ConfigureAwait(false);
        }

        // The message of a failed read is the operating system's (such as "Bad file descriptor"), never input.
        return transport.Fatal is { } fatal
            ? await FailAsync("reading the protocol input (stdin) failed", $"{fatal.GetType().Name}: {fatal.Message}").ConfigureAwait(false)
            : 0;
    }

    /// <summary>
    /// The stdio transport of this server (<see cref="StdioTransport"/>) with the session that runs on it: registered as
    /// the SDK's <c>WithStdioServerTransport</c> does, with this transport in place of the SDK's.
    /// </summary>
    private static void AddTransport(IServiceCollection services)
    {
        services.AddSingleton(provider => new StdioTransport(
            Console.OpenStandardInput(),
            Console.OpenStandardOutput(),
            provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(1),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ITransport>(provider => provider.GetRequiredService<StdioTransport>());
        services.TryAddSingleton(provider => McpServer.Create(
            provider.GetRequiredService<ITransport>(),
            provider.GetRequiredService<IOptions<McpServerOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider));
        services.AddHostedService<StdioSession>();

        // The options' start-up validation (ValidateOnStart) resolves IOptionsMonitor<T> and its companions, generic
        // types the Native AOT binary builds at run time, before the first message is read: a tenth of the start. The
        // settings were checked before the host was built (SettingsErrors), and the options' validators still run when
        // the transport above reads the options, before anything is served.
        services.RemoveAll<IStartupValidator>();
    }

    private static async Task<int> FailAsync(string what, string reason)
    {
        await Console.Error.WriteLineAsync($"{CommandLine.Command}: {what} ({reason.ReplaceLineEndings(" ")}); exiting.").ConfigureAwait(false);
        return Failure;
    }

    /// <summary>Runs the MCP session while the host runs, and stops the host when the session ends (stdin closed and answered).</summary>
    private sealed class StdioSession(McpServer server, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await server.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                lifetime.StopApplication();
            }
        }
    }

    /// <summary>One line per invalid <c>META_*</c> variable: the Conversions API's and the file uploads'.</summary>
    public static List<string> SettingsErrors(IConfiguration configuration) =>
        [.. ConversionsApiOptions.Validate(configuration, Countries.IsIsoCode), .. FileUploadSettings.Read(configuration).Errors];
}
