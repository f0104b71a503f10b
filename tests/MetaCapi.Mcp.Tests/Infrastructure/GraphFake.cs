using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// WireMock standing in for the Graph API on 127.0.0.1, behind a TCP front door (<see cref="NetworkFaults"/>) that
/// can also reset connections or never answer.
/// </summary>
public sealed class GraphFake : IDisposable
{
    public const string PixelId = "1234567890";
    public const string EventsPath = "/v25.0/" + PixelId + "/events";

    private readonly WireMockServer _server;
    private readonly NetworkFaults _network;
    private int _inFlight;
    private int _mostInFlight;

    public GraphFake()
    {
        var port = FreePort();
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        _network = new NetworkFaults(port);
        Succeeds();
    }

    /// <summary>The base URL the server under test is given (the front door).</summary>
    public string Url => $"http://127.0.0.1:{_network.Port}";

    /// <summary>Requests that were reset or stalled by the front door (WireMock never saw them).</summary>
    public int NetworkFaulted => _network.Faulted;

    public IReadOnlyList<ILogEntry> Requests => [.. _server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/events", StringComparison.Ordinal))];

    public void Reset() => Succeeds();

    /// <summary>Every request's connection is reset (TCP RST) as soon as it is sent.</summary>
    public void ResetsConnections()
    {
        Clear();
        _network.Mode = NetworkMode.Reset;
    }

    /// <summary>Every request is taken and never answered.</summary>
    public void NeverAnswers()
    {
        Clear();
        _network.Mode = NetworkMode.Stall;
    }

    /// <summary>Answers like Meta does when it accepts the events.</summary>
    public void Succeeds(int eventsReceived = 1, string fbtraceId = "AbCdEfTrace1") => Respond(Success(eventsReceived, fbtraceId));

    /// <summary>Answers with a Graph error object.</summary>
    public void FailsWith(int status, int code, int? subcode = null, string type = "OAuthException", string message = "Error validating access token", bool? transient = null) =>
        Respond(GraphError(status, code, subcode, type, message, transient));

    public void Respond(int status, string body, string contentType = "application/json") =>
        Respond(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    /// <summary>Answers every request with <paramref name="response"/> (a fault, a delay, any status and body).</summary>
    public void Respond(IResponseBuilder response)
    {
        Clear();
        _server.Given(EventsRequest()).RespondWith(response);
    }

    /// <summary>Answers the first requests with <paramref name="responses"/> in turn, then like Meta accepting the events.</summary>
    public void RespondInTurn(params IResponseBuilder[] responses)
    {
        Clear();
        const string Scenario = "in-turn";
        for (var i = 0; i < responses.Length; i++)
        {
            var step = _server.Given(EventsRequest()).InScenario(Scenario);
            step = i == 0 ? step : step.WhenStateIs($"step-{i}");
            step.WillSetStateTo($"step-{i + 1}").RespondWith(responses[i]);
        }

        _server.Given(EventsRequest()).InScenario(Scenario).WhenStateIs($"step-{responses.Length}").RespondWith(Success());
    }

    /// <summary>
    /// Accepts the events and echoes the first event's event_id as fbtrace_id, so each answer is tied to its request;
    /// <see cref="MostConcurrentRequests"/> records how many were in flight at once. No answer is given until a second
    /// request is in flight (or a minute has passed): requests that overlap prove the server sends concurrently,
    /// however slow the machine, and a server that sends one at a time is seen to.
    /// </summary>
    public void EchoesEventId()
    {
        var overlap = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Echo(inFlight =>
        {
            if (inFlight > 1)
            {
                overlap.TrySetResult();
            }

            return Task.WhenAny(overlap.Task, Task.Delay(TimeSpan.FromMinutes(1)));
        });
    }

    /// <summary>
    /// Accepts the events and echoes the first event's event_id as fbtrace_id, like <see cref="EchoesEventId()"/>, but
    /// answers each request after <paramref name="delay"/> (an asynchronous wait) instead of waiting for an overlap.
    /// </summary>
    public void EchoesEventId(TimeSpan delay) => Echo(_ => Task.Delay(delay));

    private void Echo(Func<int, Task> beforeAnswer)
    {
        Clear();
        _inFlight = 0;
        _mostInFlight = 0;
        _server.Given(EventsRequest()).RespondWith(Response.Create().WithCallback(async request =>
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostInFlight, inFlight);
            await beforeAnswer(inFlight);
            Interlocked.Decrement(ref _inFlight);
            using var body = JsonDocument.Parse(request.Body!);
            var eventId = body.RootElement.GetProperty("data")[0].GetProperty("event_id").GetString();
            return (WireMock.IResponseMessage)JsonAnswer($$"""{"events_received": 1, "messages": [], "fbtrace_id": "echo-{{eventId}}"}""");
        }));
    }

    private static WireMock.ResponseMessage JsonAnswer(string body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new WireMock.Util.BodyData { DetectedBodyType = WireMock.Types.BodyType.String, BodyAsString = body },
    };

    /// <summary>
    /// Accepts every request after <paramref name="delay"/> (an asynchronous wait: no thread of the shared test process is
    /// blocked) with Meta's <c>events_received</c> = its event count, and records each event's event_id in
    /// <see cref="ReceivedEventIds"/> the moment the request arrives, so a request still in flight when its sender dies or
    /// gives up counts as having reached Meta.
    /// </summary>
    public void AcceptsSlowly(TimeSpan delay)
    {
        Clear();
        ReceivedEventIds.Clear();
        Volatile.Write(ref _received, 0);
        Volatile.Write(ref _answered, 0);
        _server.Given(EventsRequest()).RespondWith(Response.Create().WithCallback(async request =>
        {
            int count;
            using (var body = JsonDocument.Parse(request.Body!))
            {
                var events = body.RootElement.GetProperty("data");
                count = events.GetArrayLength();
                foreach (var item in events.EnumerateArray())
                {
                    ReceivedEventIds.Enqueue(item.GetProperty("event_id").GetString()!);
                }
            }

            var number = Interlocked.Increment(ref _received);
            await Task.Delay(delay);
            Interlocked.Increment(ref _answered);
            return (WireMock.IResponseMessage)JsonAnswer($$"""{"events_received": {{count}}, "messages": [], "fbtrace_id": "slow-{{number}}"}""");
        }));
    }

    /// <summary>Whether every request <see cref="AcceptsSlowly"/> received has been answered (none still waiting).</summary>
    public bool AllAnswered => Volatile.Read(ref _answered) == Volatile.Read(ref _received);

    private int _answered;

    /// <summary>The event_ids of every request <see cref="AcceptsSlowly"/> received, in arrival order (duplicates kept).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ReceivedEventIds { get; } = new();

    /// <summary>Requests <see cref="AcceptsSlowly"/> received so far (answered or not).</summary>
    public int ReceivedRequests => Volatile.Read(ref _received);

    private int _received;

    /// <summary>The most requests <see cref="EchoesEventId()"/> had in flight at the same time.</summary>
    public int MostConcurrentRequests => Volatile.Read(ref _mostInFlight);

    /// <summary>The requests <see cref="EchoesEventId()"/> is holding right now (received, not yet answered).</summary>
    public int RequestsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>A Graph error body as Meta writes it.</summary>
    public static IResponseBuilder GraphError(
        int status, int code, int? subcode = null, string type = "OAuthException", string message = "Error", bool? transient = null)
    {
        var subcodeJson = subcode is null ? string.Empty : $"\"error_subcode\": {subcode},";
        var transientJson = transient is null ? string.Empty : $"\"is_transient\": {(transient.Value ? "true" : "false")},";
        return Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(
            $$$"""{"error": {"message": "{{{message}}}", "type": "{{{type}}}", "code": {{{code}}}, {{{subcodeJson}}} {{{transientJson}}} "fbtrace_id": "ErrTrace9"}}""");
    }

    public WireMockServer Server => _server;

    /// <summary>The JSON body of request <paramref name="index"/>.</summary>
    public JsonElement Body(int index = 0)
    {
        using var document = JsonDocument.Parse(Requests[index].RequestMessage.Body!);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        _network.Dispose();
        _server.Dispose();
    }

    private static IResponseBuilder Success(int eventsReceived = 1, string fbtraceId = "AbCdEfTrace1") =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"events_received": {{eventsReceived}}, "messages": [], "fbtrace_id": "{{fbtraceId}}"}""");

    private static IRequestBuilder EventsRequest() =>
        Request.Create().UsingPost().WithPath(new WireMock.Matchers.WildcardMatcher("/*/*/events"));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }

    private void Clear()
    {
        _network.Mode = NetworkMode.Forward;
        _server.Reset();
        _server.ResetScenarios();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
