using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Hosting.Http;

/// <summary>What one HTTP request was about, filled in as it goes through: the log line at its end reads it.</summary>
internal sealed class RequestRecord
{
    public string? RpcMethod { get; set; }

    public string? Tool { get; set; }

    public string? ToolStatus { get; set; }
}

/// <summary>
/// One log line per request (<see cref="HttpLog.Request"/>: route, status, duration, caller, JSON-RPC method, tool,
/// tool status; never a key, a token, a path the client made up, or anything from the body), the count of requests
/// in flight for a graceful stop, and 503 for new MCP requests once the server is stopping.
/// </summary>
internal sealed class RequestTracking(IHostApplicationLifetime lifetime, ILogger<RequestTracking> logger)
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested && context.Request.Path.StartsWithSegments("/mcp", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            context.Response.Headers.Connection = "close";
            HttpLog.Request(logger, context.Request.Method, "/mcp", 503, 0, "-", "-", "-", "shutting down");
            return;
        }

        Interlocked.Increment(ref _inFlight);
        var record = new RequestRecord();
        context.Features.Set(record);
        var started = Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            await next(context).ConfigureAwait(false);
            status = context.Response.StatusCode;
        }
        catch (Exception exception)
        {
            // The server answers a bad request (a body over the limit, a client that stalls) with its status.
            status = context.Response.HasStarted ? context.Response.StatusCode
                : exception is BadHttpRequestException bad ? bad.StatusCode
                : StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            HttpLog.Request(
                logger,
                context.Request.Method,
                Route(context),
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                CallerClaims.Name(context.User) ?? "-",
                record.RpcMethod ?? "-",
                record.Tool ?? "-",
                record.ToolStatus ?? "-");
        }
    }

    /// <summary>The route the request matched (a pattern of ours), never the raw path: a client may put anything there.</summary>
    private static string Route(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            return "/" + pattern.Trim('/');
        }

        var path = context.Request.Path;
        foreach (var known in KnownPaths)
        {
            if (path.StartsWithSegments(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return "(other)";
    }

    private static readonly string[] KnownPaths = [HttpServer.McpPath, "/healthz", "/readyz", "/.well-known/oauth-protected-resource"];

    /// <summary>Records the JSON-RPC method of each message in its request's <see cref="RequestRecord"/>.</summary>
    public static McpMessageFilter MethodFilter { get; } = next => (context, cancellationToken) =>
    {
        if (RecordOf(context.Services) is { } record)
        {
            record.RpcMethod = context.JsonRpcMessage switch
            {
                JsonRpcRequest request => request.Method,
                JsonRpcNotification notification => notification.Method,
                _ => record.RpcMethod,
            };
        }

        return next(context, cancellationToken);
    };

    /// <summary>Records the tool a call named and the <c>status</c> of its result.</summary>
    public static McpRequestFilter<CallToolRequestParams, CallToolResult> ToolFilter { get; } = next => async (context, cancellationToken) =>
    {
        var record = RecordOf(context.Services);
        if (record is not null)
        {
            record.Tool = context.Params?.Name;
        }

        var result = await next(context, cancellationToken).ConfigureAwait(false);
        if (record is not null
            && result.StructuredContent is { ValueKind: JsonValueKind.Object } structured
            && structured.TryGetProperty("status", out var status)
            && status.ValueKind == JsonValueKind.String)
        {
            record.ToolStatus = status.GetString();
        }

        return result;
    };

    private static RequestRecord? RecordOf(IServiceProvider? services) =>
        services?.GetService<IHttpContextAccessor>()?.HttpContext?.Features.Get<RequestRecord>();
}

/// <summary>
/// The graceful stop: once the host is stopping (SIGTERM), and before any hosted service stops (the web server, the MCP
/// SDK's session tracker), waits for the requests in flight, up to the host's shutdown timeout. New MCP requests get
/// 503 meanwhile (<see cref="RequestTracking"/>).
/// </summary>
internal sealed class DrainRequestsOnStop(RequestTracking tracking) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (tracking.InFlight > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: what is still running is cut off by the rest of the stop.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The HTTP server's own log lines.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(1, LogLevel.Information,
        "{Method} {Route} {Status} in {DurationMs:0.0} ms: caller {Caller}, {RpcMethod}, tool {Tool}, {ToolStatus}")]
    public static partial void Request(
        ILogger logger, string method, string route, int status, double durationMs, string caller, string rpcMethod, string tool, string toolStatus);

    [LoggerMessage(2, LogLevel.Warning,
        "No authentication is configured: every local process can call this server and send events with its Meta tokens. " +
        "That is accepted on loopback only; set META_MCP_API_KEYS_FILE or META_MCP_OAUTH_AUTHORITY before exposing it.")]
    public static partial void Unauthenticated(ILogger logger);

    [LoggerMessage(3, LogLevel.Information,
        "Serving MCP at {Urls} (/mcp): {Authentication}, session mode {SessionMode}, rate limit {RateLimit}/min per caller")]
    public static partial void Listening(ILogger logger, string urls, string authentication, SessionMode sessionMode, int rateLimit);
}
