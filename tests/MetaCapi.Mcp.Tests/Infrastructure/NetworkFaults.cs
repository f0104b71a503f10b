using System.Net;
using System.Net.Sockets;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>What the network between the server and the fake Graph API does with a request.</summary>
public enum NetworkMode
{
    /// <summary>Passes every byte both ways.</summary>
    Forward,

    /// <summary>Resets the connection (TCP RST) as soon as request bytes arrive, as a broken network or proxy does.</summary>
    Reset,

    /// <summary>Takes the request and never answers.</summary>
    Stall,
}

/// <summary>
/// A TCP front door to WireMock for the faults WireMock cannot make itself: a reset connection and an endpoint that
/// never answers. The decision is made per chunk of request bytes, not per connection, so a pooled keep-alive
/// connection gets the fault too.
/// </summary>
public sealed class NetworkFaults : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private volatile NetworkMode _mode = NetworkMode.Forward;
    private int _faulted;

    public NetworkFaults(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public NetworkMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>How many requests were reset or stalled.</summary>
    public int Faulted => Volatile.Read(ref _faulted);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        TcpClient? upstream = null;
        try
        {
            var fromClient = client.GetStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await fromClient.ReadAsync(buffer, _stop.Token)) > 0)
            {
                switch (_mode)
                {
                    case NetworkMode.Reset:
                        Interlocked.Increment(ref _faulted);
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    case NetworkMode.Stall:
                        Interlocked.Increment(ref _faulted);
                        while (await fromClient.ReadAsync(buffer, _stop.Token) > 0)
                        {
                            // Swallow the request; answer nothing until the caller gives up.
                        }

                        return;
                }

                if (upstream is null)
                {
                    upstream = new TcpClient();
                    await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                    _ = CopyBackAsync(upstream, client);
                }

                await upstream.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away; close both.
        }
        finally
        {
            upstream?.Dispose();
            client.Dispose();
        }
    }

    private async Task CopyBackAsync(TcpClient upstream, TcpClient client)
    {
        try
        {
            await upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away.
        }
        finally
        {
            client.Dispose();
        }
    }
}
