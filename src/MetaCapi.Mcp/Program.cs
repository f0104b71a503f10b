using MetaCapi.Graph;
using MetaCapi.Mcp.Hosting;
using MetaCapi.Normalization;
using Microsoft.Extensions.Hosting;

if (CommandLine.Handle(args, Console.Out, Console.Error, out var settings) is { } exitCode)
{
    return exitCode;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = settings,
    ContentRootPath = AppContext.BaseDirectory,
});

// stdout is the JSON-RPC channel: every log line goes to stderr.
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
