using MetaCapi.Mcp.Commands;
using MetaCapi.Mcp.Hosting;

// MCP clients start the server with no arguments: serve at once, without building the command tree (start-up time).
return args.Length == 0
    ? await StdioServer.RunAsync([]).ConfigureAwait(false)
    : await CommandLine.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
