using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>The real server process over stdio, driven by the SDK's own client, as an MCP host would.</summary>
public sealed class ServerSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _stderr;

    private ServerSession(McpClient client, ConcurrentQueue<string> stderr)
    {
        Client = client;
        _stderr = stderr;
    }

    public McpClient Client { get; }

    public IReadOnlyList<string> StderrLines => [.. _stderr];

    public static async Task<ServerSession> StartAsync(Dictionary<string, string?> environment)
    {
        var (command, arguments) = ServerCommand.Resolve();
        var stderr = new ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "metacapi-mcp-under-test",
            Command = command,
            Arguments = [.. arguments],
            EnvironmentVariables = environment,
            StandardErrorLines = stderr.Enqueue,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        });
        var client = await McpClient.CreateAsync(transport, new McpClientOptions
        {
            DiscoverProbeTimeout = TimeSpan.FromSeconds(60),
            InitializationTimeout = TimeSpan.FromSeconds(120),
        });
        return new ServerSession(client, stderr);
    }

    /// <summary>Calls a tool with arguments written as JSON, so tests can send any shape, wrong types included.</summary>
    public async Task<CallToolResult> CallAsync(string tool, string argumentsJson, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = new Dictionary<string, object?>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return await Client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}

/// <summary>Reading a tool result.</summary>
public static class ResultExtensions
{
    public static JsonElement Structured(this CallToolResult result) =>
        result.StructuredContent ?? throw new InvalidOperationException("The result has no structuredContent.");

    public static string Text(this CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    public static string Status(this CallToolResult result) => result.Structured().GetProperty("status").GetString()!;

    public static IReadOnlyList<(string Path, string Message)> Issues(this CallToolResult result, string kind) =>
        [.. result.Structured().GetProperty(kind).EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("message").GetString()!))];

    public static string Error(this CallToolResult result, string path)
    {
        var matches = result.Issues("errors").Where(e => e.Path == path).ToList();
        Assert.True(matches.Count == 1, $"expected one error at {path}; errors: {string.Join(" | ", result.Issues("errors"))}");
        return matches[0].Message;
    }
}
