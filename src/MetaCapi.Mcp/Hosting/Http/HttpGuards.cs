using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Hosting.Http;

/// <summary>
/// The checks in front of the MCP endpoint that ASP.NET Core has no ready-made piece for: the <c>Origin</c>
/// allow-list (against DNS rebinding), the early 413 for a declared body over the limit, and the scope a tool needs.
/// Each answers with a status and a short plain-text reason, never with what the request carried.
/// </summary>
internal static class HttpGuards
{
    /// <summary>A request whose <c>Origin</c> is not in <c>META_MCP_ALLOWED_ORIGINS</c> gets 403 (absent is fine: not a browser).</summary>
    public static Func<HttpContext, RequestDelegate, Task> Origin(IReadOnlySet<string> allowed) => (context, next) =>
    {
        var origins = context.Request.Headers.Origin;
        if (origins.Count == 0)
        {
            return next(context);
        }

        if (origins.Count == 1 && HttpSettings.NormalizeOrigin(origins[0]) is { } origin && allowed.Contains(origin))
        {
            return next(context);
        }

        return Refuse(context, StatusCodes.Status403Forbidden,
            $"Origin not allowed: this server accepts browser requests only from the origins listed in {HttpSettings.AllowedOriginsVariable}.");
    };

    /// <summary>
    /// A body declared larger than <see cref="HttpSettings.MaxRequestBodyBytes"/> gets 413 before anything reads it; a
    /// body without a length is held to the same limit by the server (Kestrel's <c>MaxRequestBodySize</c>).
    /// </summary>
    public static Task BodySize(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > HttpSettings.MaxRequestBodyBytes)
        {
            return Refuse(context, StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than {HttpSettings.MaxRequestBodyBytes / (1024 * 1024)} MiB. Send large sets of events in several calls.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = HttpSettings.MaxRequestBodyBytes;
        }

        return next(context);
    }

    /// <summary>
    /// A caller that holds both scopes passes at once. Any other caller's JSON-RPC request is read (the body is
    /// buffered, so the MCP endpoint reads it again): <c>tools/call</c> needs the tool's scope (<see cref="ToolScopes"/>),
    /// anything else one of the two; a missing scope is 403 with <c>WWW-Authenticate: Bearer error="insufficient_scope"</c>.
    /// </summary>
    public static async Task Scope(HttpContext context, RequestDelegate next, ToolScopes scopes)
    {
        var user = context.User;
        if (!HttpMethods.IsPost(context.Request.Method) || user.Identity?.IsAuthenticated != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var canSend = CallerClaims.HasScope(user, CallerClaims.SendScope);
        var canRead = CallerClaims.HasScope(user, CallerClaims.ReadScope);
        if (canSend && canRead)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (!canSend && !canRead)
        {
            await InsufficientScope(context, CallerClaims.ReadScope, "this server's tools").ConfigureAwait(false);
            return;
        }

        context.Request.EnableBuffering();
        var tool = await ToolCalledAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        context.Request.Body.Position = 0;
        if (tool is not null && scopes.For(tool) is { } needed && !CallerClaims.HasScope(user, needed))
        {
            await InsufficientScope(context, needed, tool).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The URL of this server's Protected Resource Metadata for the request's path, as the MCP SDK's challenge gives it.</summary>
    public static string ResourceMetadataUrl(HttpRequest request) =>
        $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase}/.well-known/oauth-protected-resource{request.Path}";

    private static Task InsufficientScope(HttpContext context, string scope, string what)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] =
            $"Bearer error=\"insufficient_scope\", scope=\"{scope}\", resource_metadata=\"{ResourceMetadataUrl(context.Request)}\"";
        return Refuse(context, StatusCodes.Status403Forbidden, $"Insufficient scope: {what} needs the scope {scope}.");
    }

    /// <summary>The tool a <c>tools/call</c> body names; <see langword="null"/> for other methods or a body the MCP endpoint will refuse.</summary>
    private static async Task<string?> ToolCalledAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            var root = body.RootElement;
            return root.ValueKind == JsonValueKind.Object
                   && root.TryGetProperty("method", out var method)
                   && method.ValueKind == JsonValueKind.String
                   && method.ValueEquals(RequestMethods.ToolsCall)
                   && root.TryGetProperty("params", out var parameters)
                   && parameters.ValueKind == JsonValueKind.Object
                   && parameters.TryGetProperty("name", out var name)
                   && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}

/// <summary>
/// The scope each tool needs: <c>capi.read</c> for a read-only tool (its <c>readOnlyHint</c>), <c>capi.send</c> for
/// any other. Derived from the registered tools, so a tool added later needs nothing here.
/// </summary>
internal sealed class ToolScopes(IEnumerable<McpServerTool> tools)
{
    private readonly Lazy<Dictionary<string, string>> _scopes = new(() => tools.ToDictionary(
        tool => tool.ProtocolTool.Name,
        tool => tool.ProtocolTool.Annotations?.ReadOnlyHint == true ? CallerClaims.ReadScope : CallerClaims.SendScope,
        StringComparer.Ordinal));

    /// <summary>The scope <paramref name="tool"/> needs, or <see langword="null"/> for a tool this server does not have.</summary>
    public string? For(string tool) => _scopes.Value.GetValueOrDefault(tool);

    /// <summary>Whether the caller of <paramref name="user"/> may call <paramref name="tool"/>.</summary>
    public bool Allows(System.Security.Claims.ClaimsPrincipal? user, string tool) =>
        user?.Identity?.IsAuthenticated != true || For(tool) is not { } scope || CallerClaims.HasScope(user, scope);
}
