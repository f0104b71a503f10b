using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Commands;
using MetaCapi.Normalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MetaCapi.Mcp.Hosting;

/// <summary>The MCP server over stdin/stdout, as every MCP client starts it.</summary>
internal static class StdioServer
{
    /// <summary>Runs the server until the client closes stdin; <paramref name="settings"/> are <c>--META_NAME=value</c> arguments.</summary>
    /// <returns>The process exit code: 0 after a normal end, <see cref="CommandLine.UsageError"/> for invalid settings.</returns>
    public static async Task<int> RunAsync(string[] settings)
    {
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

        builder.Services.AddMetaCapiMcpServer(builder.Configuration).WithStdioServerTransport();
        await builder.Build().RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>One line per invalid <c>META_*</c> variable: the Conversions API's and the file uploads'.</summary>
    public static List<string> SettingsErrors(IConfiguration configuration) =>
        [.. ConversionsApiOptions.Validate(configuration, Countries.IsIsoCode), .. FileUploadSettings.Read(configuration).Errors];
}
