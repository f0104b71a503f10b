using System.Text.Json;
using MetaCapi.Graph;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// The shared frame of every tool: the tool reads its own arguments (so a wrong type, a missing parameter or an
/// unknown enum value becomes a <c>rejected</c> result naming the parameter, never the SDK's generic error), runs,
/// and the result is rendered once. Any unexpected exception still ends as a well-formed <c>failed</c> result.
/// </summary>
internal abstract class ConversionTool : McpServerTool
{
    private static readonly Dictionary<string, JsonElement> NoArguments = [];
    private readonly ILogger _logger;
    private readonly IOptions<ConversionsApiOptions> _options;

    protected ConversionTool(Tool protocolTool, EventPreparer preparer, IOptions<ConversionsApiOptions> options, ILogger logger)
    {
        ProtocolTool = protocolTool;
        Preparer = preparer;
        _options = options;
        _logger = logger;
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    protected string Name => ProtocolTool.Name;

    protected ILogger Logger => _logger;

    /// <summary>The pipeline every tool runs events through.</summary>
    protected EventPreparer Preparer { get; }

    /// <summary>The server's settings (<c>META_*</c>).</summary>
    protected ConversionsApiOptions Options => _options.Value;

    public override async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = request.Params?.Arguments switch
        {
            null => NoArguments,
            IReadOnlyDictionary<string, JsonElement> readOnly => readOnly,
            var other => new Dictionary<string, JsonElement>(other),
        };

        var diagnostics = new Diagnostics();
        ArgumentTextGuard.Report(request, diagnostics);
        var format = CallArguments.Format(arguments, diagnostics);
        ToolResult result;
        try
        {
            result = await ExecuteAsync(arguments, diagnostics, request.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ToolLog.Cancelled(_logger, Name);
            throw;
        }
#pragma warning disable CA1031 // The last line of defence: a tool never answers with the SDK's generic error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // The type and stack only: a message may quote input values.
            ToolLog.Unexpected(_logger, Name, exception.GetType().FullName, exception.StackTrace);
            result = ResultFactory.InternalError(exception, diagnostics);
        }

        return ToolResponse.Create(result, format);
    }

    /// <summary>Runs the tool; problems in the arguments go into <paramref name="diagnostics"/>.</summary>
    protected abstract ValueTask<ToolResult> ExecuteAsync(
        IReadOnlyDictionary<string, JsonElement> arguments,
        Diagnostics diagnostics,
        IServiceProvider? services,
        CancellationToken cancellationToken);

    /// <summary>The protocol description of a tool.</summary>
    protected static Tool Describe(
        string name, string title, string description, JsonElement inputSchema,
        bool readOnly, bool destructive, bool idempotent, bool openWorld) => new()
    {
        Name = name,
        Title = title,
        Description = description,
        InputSchema = inputSchema,
        OutputSchema = ToolResponse.OutputSchema,
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
