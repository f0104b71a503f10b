using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MetaCapi.Mcp.Tools;
using MetaCapi.Validation;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// Everything a tool needs to answer with one kind of result: its JSON metadata (source-generated, for Native AOT),
/// its output schema, its markdown, which statuses are failures, and the result of an unexpected error. Tools that
/// share a result type share its shape; every shape is listed in <see cref="ResultShapes"/>.
/// </summary>
/// <typeparam name="TResult">The result record, serialized as <c>structuredContent</c>.</typeparam>
internal sealed class ResultShape<TResult>
    where TResult : class
{
    private readonly Lazy<JsonElement> _outputSchema;
    private readonly Lazy<JsonTypeInfo<TResult>> _typeInfo;

    /// <param name="typeInfo">
    /// The result's source-generated JSON metadata (the schema is generated from the same options), made on first use:
    /// configuring it reads attributes of the whole result graph, which tools/list does not need (a fifth of the
    /// Native AOT start's CPU when every shape made its own at start-up).
    /// </param>
    /// <param name="schemaResource">
    /// The manifest resource holding the output schema. Generating it at start-up (reflection over the attributes, the
    /// schema exporter) cost a tenth of the Native AOT cold start, so it is stored next to the code; a test pins each
    /// stored schema to <see cref="GenerateOutputSchema"/> and prints the new one when the result type changes.
    /// </param>
    /// <param name="markdown">The markdown text of a result.</param>
    /// <param name="isError">Whether a result is a failure (<c>isError: true</c>).</param>
    /// <param name="internalError">The result when the tool threw unexpectedly: the problems so far and a generic error.</param>
    public ResultShape(
        Func<JsonTypeInfo<TResult>> typeInfo,
        string schemaResource,
        Func<TResult, string> markdown,
        Func<TResult, bool> isError,
        Func<Exception, Diagnostics, TResult> internalError)
    {
        _typeInfo = new Lazy<JsonTypeInfo<TResult>>(typeInfo);
        SchemaResource = schemaResource;
        Markdown = markdown;
        IsError = isError;
        InternalError = internalError;
        _outputSchema = new Lazy<JsonElement>(() => LoadSchema(schemaResource));
    }

    public JsonTypeInfo<TResult> TypeInfo => _typeInfo.Value;

    public string SchemaResource { get; }

    public Func<TResult, string> Markdown { get; }

    public Func<TResult, bool> IsError { get; }

    public Func<Exception, Diagnostics, TResult> InternalError { get; }

    /// <summary>The output schema the tools of this shape advertise, loaded once from <see cref="SchemaResource"/>.</summary>
    public JsonElement OutputSchema => _outputSchema.Value;

    /// <summary>The JSON Schema of <typeparamref name="TResult"/>, generated (what the stored schema must hold).</summary>
    public JsonElement GenerateOutputSchema() =>
        AIJsonUtilities.CreateJsonSchema(typeof(TResult), serializerOptions: TypeInfo.Options);

    /// <summary>The MCP answer: structured content always; text as markdown, or the same JSON with <c>response_format: json</c>.</summary>
    public CallToolResult Respond(TResult result, ResponseFormat format)
    {
        var structured = JsonSerializer.SerializeToElement(result, TypeInfo);
        var text = format == ResponseFormat.Json ? structured.GetRawText() : Markdown(result);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = structured,
            IsError = IsError(result),
        };
    }

    private static JsonElement LoadSchema(string resource)
    {
        using var stream = typeof(ResultShape<TResult>).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The resource {resource} is missing from the build.");
        using var schema = JsonDocument.Parse(stream);
        return schema.RootElement.Clone();
    }
}
