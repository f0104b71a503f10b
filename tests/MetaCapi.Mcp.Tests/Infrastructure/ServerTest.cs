namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// Base of the test classes that share one server process (<see cref="ServerFixture"/>): each test starts with the
/// fake Graph API accepting events and its request log empty, and ends with the session's transcript scanned for
/// leaks of the token, the app secret and raw customer data.
/// </summary>
public abstract class ServerTest(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    protected GraphFake Graph => fixture.Graph;

    protected ServerSession Server => fixture.Server;

    public virtual Task InitializeAsync()
    {
        Graph.Succeeds();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        Server.AssertNoLeaks();
        return Task.CompletedTask;
    }
}
