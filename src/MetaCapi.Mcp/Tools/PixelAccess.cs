using System.Security.Claims;
using System.Text.Json;
using MetaCapi.Validation;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// Which pixels the caller of a request may use. Registered by a host whose callers are restricted (the HTTP server:
/// each API key or OAuth token names its pixels); without one (stdio: the machine's own user) every pixel is allowed.
/// </summary>
internal interface IPixelAccess
{
    /// <summary>Whether <paramref name="caller"/> may use <paramref name="pixelId"/> (a well-formed pixel ID).</summary>
    bool Allows(ClaimsPrincipal? caller, string pixelId);
}

/// <summary>
/// The check <see cref="McpTool{TResult}"/> makes for every tool before it runs: a <c>pixel_id</c> the caller may not
/// use is an error at <c>pixel_id</c>, so the tool rejects the call and sends nothing. A malformed <c>pixel_id</c> is
/// left to the tool's own validation.
/// </summary>
internal static class PixelGuard
{
    public static void Check(
        RequestContext<CallToolRequestParams> request, IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (request.Services?.GetService<IPixelAccess>() is not { } access
            || CallArguments.PixelId(arguments, new Diagnostics()) is not { } pixelId
            || pixelId.Length is 0 or > 20
            || pixelId.AsSpan().ContainsAnyExceptInRange('0', '9')
            || access.Allows(request.User, pixelId))
        {
            return;
        }

        diagnostics.Error("pixel_id",
            $"This server does not let your credential use pixel {pixelId}: nothing was sent. Use a pixel your API key or token " +
            "is allowed for, or ask the server's operator to add this pixel to it.");
    }
}
