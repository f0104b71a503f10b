using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>WireMock standing in for the Graph API on 127.0.0.1.</summary>
public sealed class GraphFake : IDisposable
{
    public const string PixelId = "1234567890";
    public const string EventsPath = "/v25.0/" + PixelId + "/events";

    private readonly WireMockServer _server;

    public GraphFake()
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        Succeeds();
    }

    public string Url => _server.Urls[0];

    public IReadOnlyList<ILogEntry> Requests => [.. _server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/events", StringComparison.Ordinal))];

    public void Reset()
    {
        _server.Reset();
        Succeeds();
    }

    /// <summary>Answers like Meta does when it accepts the events.</summary>
    public void Succeeds(int eventsReceived = 1, string fbtraceId = "AbCdEfTrace1") =>
        Respond(200, $$"""{"events_received": {{eventsReceived}}, "messages": [], "fbtrace_id": "{{fbtraceId}}"}""");

    /// <summary>Answers with a Graph error object.</summary>
    public void FailsWith(int status, int code, int? subcode = null, string type = "OAuthException", string message = "Error validating access token", bool? transient = null)
    {
        var subcodeJson = subcode is null ? string.Empty : $"\"error_subcode\": {subcode},";
        var transientJson = transient is null ? string.Empty : $"\"is_transient\": {(transient.Value ? "true" : "false")},";
        Respond(status, $$$"""{"error": {"message": "{{{message}}}", "type": "{{{type}}}", "code": {{{code}}}, {{{subcodeJson}}} {{{transientJson}}} "fbtrace_id": "ErrTrace9"}}""");
    }

    public void Respond(int status, string body, string contentType = "application/json")
    {
        _server.Reset();
        _server.Given(Request.Create().UsingPost().WithPath(new WireMock.Matchers.WildcardMatcher("/*/*/events")))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
    }

    public WireMockServer Server => _server;

    /// <summary>The JSON body of request <paramref name="index"/>.</summary>
    public JsonElement Body(int index = 0)
    {
        using var document = JsonDocument.Parse(Requests[index].RequestMessage.Body!);
        return document.RootElement.Clone();
    }

    public void Dispose() => _server.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
