using System.Diagnostics;
using System.Text.Json;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Validation;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// The frame of every tool: the tool reads its own arguments (so a wrong type, a missing parameter or an unknown enum
/// value becomes a <c>rejected</c> result naming the parameter, never the SDK's generic error), runs, and the result is
/// rendered once through its <see cref="ResultShape{TResult}"/>. Any unexpected exception still ends as a well-formed
/// result of the tool's own shape. Before the tool runs, the frame adds the errors every tool shares (text the
/// message filter had to repair, a <c>pixel_id</c> the caller may not use: <see cref="PixelGuard"/>), so a tool
/// that checks <see cref="Diagnostics.HasErrors"/> before sending, as every tool must, rejects those calls.
/// </summary>
/// <typeparam name="TResult">The tool's result record.</typeparam>
internal abstract class McpTool<TResult> : McpServerTool
    where TResult : class
{
    private static readonly Dictionary<string, JsonElement> NoArguments = [];

    protected McpTool(Tool protocolTool, ResultShape<TResult> shape, ILogger logger)
    {
        ProtocolTool = protocolTool;
        Shape = shape;
        Logger = logger;
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    protected string Name => ProtocolTool.Name;

    protected ILogger Logger { get; }

    protected ResultShape<TResult> Shape { get; }

    public override async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = ArgumentTextGuard.ArgumentsOf(request) ?? request.Params?.Arguments switch
        {
            null => NoArguments,
            IReadOnlyDictionary<string, JsonElement> readOnly => readOnly,
            var other => new Dictionary<string, JsonElement>(other),
        };

        var started = Stopwatch.GetTimestamp();
        var diagnostics = new Diagnostics();
        try
        {
            ArgumentTextGuard.Report(request, diagnostics);
            PixelGuard.Check(request, arguments, diagnostics);
            var format = CallArguments.Format(arguments, diagnostics);
            TResult result;
            try
            {
                result = await ExecuteAsync(new ToolCall(arguments, diagnostics, request), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ToolLog.Cancelled(Logger, Name);
                throw;
            }
#pragma warning disable CA1031 // The last line of defence: a tool never answers with the SDK's generic error.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                // The type and stack only: a message may quote input values.
                ToolLog.Unexpected(Logger, Name, exception.GetType().FullName, exception.StackTrace);
                result = Shape.InternalError(exception, diagnostics);
            }

            var response = Shape.Respond(result, format);
            ToolMetrics.RecordToolDuration(Name, StatusOf(response), Stopwatch.GetElapsedTime(started));
            return response;
        }
        finally
        {
            // The result is rendered: nothing reads the arguments any more.
            ArgumentTextGuard.Release(request);
        }
    }

    /// <summary>The result's <c>status</c> (every result shape has one).</summary>
    private static string? StatusOf(CallToolResult response) =>
        response.StructuredContent is { ValueKind: JsonValueKind.Object } structured
        && structured.TryGetProperty("status", out var status)
        && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;

    /// <summary>Runs the tool; problems in the arguments go into <see cref="ToolCall.Diagnostics"/>.</summary>
    protected abstract ValueTask<TResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken);

    /// <summary>The protocol description of a tool whose results have <paramref name="shape"/>.</summary>
    protected static Tool Describe(
        string name, string title, string description, JsonElement inputSchema, ResultShape<TResult> shape,
        bool readOnly, bool destructive, bool idempotent, bool openWorld)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new Tool
        {
            Name = name,
            Title = title,
            Description = description,
            InputSchema = inputSchema,
            OutputSchema = shape.OutputSchema,
            Annotations = new ToolAnnotations
            {
                Title = title,
                ReadOnlyHint = readOnly,
                DestructiveHint = destructive,
                IdempotentHint = idempotent,
                OpenWorldHint = openWorld,
            },
        };
    }
}

/// <summary>One call of a tool: its arguments, the collector of its problems, and the request (services, progress token, user).</summary>
/// <param name="Arguments">The arguments, by name.</param>
/// <param name="Diagnostics">Where every problem found in the arguments goes.</param>
/// <param name="Request">The MCP request: its services, its parameters (the progress token) and its user.</param>
internal sealed record ToolCall(
    IReadOnlyDictionary<string, JsonElement> Arguments,
    Diagnostics Diagnostics,
    RequestContext<CallToolRequestParams> Request)
{
    /// <summary>The request's services (scoped per request), for what is resolved per call such as the typed HTTP client.</summary>
    public IServiceProvider? Services => Request.Services;
}
