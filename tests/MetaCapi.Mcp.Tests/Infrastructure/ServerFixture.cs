namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// One fake Graph API and one server process shared by the tests of a class (they run one after another), so a
/// scenario class pays for one process start. Each test resets the fake; the session's transcript is scanned for
/// leaks after every test and once more when the process has exited.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public GraphFake Graph { get; } = new();

    public ServerSession Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(Graph.Url));

    public async Task DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            Graph.Dispose();
        }
    }
}
