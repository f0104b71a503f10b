using MetaCapi.Graph;
using MetaCapi.Mcp.Hosting;
using MetaCapi.Normalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (CommandLine.Handle(args, Console.Out, Console.Error, out var settings) is { } exitCode)
{
    return exitCode;
}

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

if (ConversionsApiOptions.Validate(builder.Configuration, Countries.IsIsoCode) is { Count: > 0 } errors)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"{CommandLine.Command}: {error}");
    }

    return 2;
}

builder.Services.AddMetaCapiMcpServer(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
return 0;
