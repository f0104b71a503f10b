using System.Net.Http.Headers;
using System.Security.Claims;
using MetaCapi.Mcp.Tools;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MetaCapi.Mcp.Hosting.Http;

/// <summary>
/// What the server knows of a caller, from the claims an API key or an OAuth token gives it: a name for the logs,
/// its scopes (<c>capi.send</c> for the sending tools, <c>capi.read</c> for the others) and its pixels
/// (<c>meta_pixels</c>, space-separated, <c>*</c> for all). An API key carries the same claims as a token, so one
/// set of rules serves both.
/// </summary>
internal static class CallerClaims
{
    public const string Pixels = "meta_pixels";
    public const string Scope = "scope";
    public const string SendScope = "capi.send";
    public const string ReadScope = "capi.read";
    public const string Subject = "sub";
    public const string ClientId = "client_id";

    /// <summary>Entra ID writes scopes in <c>scp</c>; OAuth (RFC 9068) in <c>scope</c>.</summary>
    private const string AlternativeScope = "scp";

    private const string AuthorizedParty = "azp";

    /// <summary>The caller's name for the logs and the rate limit: the key's name, the token's client, else its subject.</summary>
    public static string? Name(ClaimsPrincipal? user)
    {
        if (user?.Identities.Any(i => i.IsAuthenticated) != true)
        {
            return null;
        }

        return user.FindFirst(ClientId)?.Value ?? user.FindFirst(AuthorizedParty)?.Value ?? user.FindFirst(Subject)?.Value;
    }

    /// <summary>Who the caller is, for its own rate limit: the token's subject (<c>apikey:NAME</c> for an API key).</summary>
    public static string? Key(ClaimsPrincipal? user) =>
        user?.Identities.Any(i => i.IsAuthenticated) == true ? user.FindFirst(Subject)?.Value ?? Name(user) : null;

    /// <summary>Whether the caller holds <paramref name="scope"/>.</summary>
    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        Values(user, Scope).Concat(Values(user, AlternativeScope)).Contains(scope, StringComparer.Ordinal);

    /// <summary>Whether the caller may use <paramref name="pixelId"/>: it is listed in <c>meta_pixels</c>, or <c>*</c> is.</summary>
    public static bool MayUsePixel(ClaimsPrincipal user, string pixelId) =>
        Values(user, Pixels).Any(pixel => pixel == "*" || string.Equals(pixel, pixelId, StringComparison.Ordinal));

    /// <summary>The credential of <c>Authorization: Bearer &lt;credential&gt;</c>, or <see langword="null"/>.</summary>
    public static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || !AuthenticationHeaderValue.TryParse(header[0], out var value))
        {
            return null;
        }

        return string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value.Parameter)
            ? value.Parameter.Trim()
            : null;
    }

    /// <summary>Whether <paramref name="credential"/> has the shape of a JWT (three base64url parts), not of an API key.</summary>
    public static bool LooksLikeJwt(string credential) =>
        credential.Count(c => c == '.') == 2 && credential.StartsWith("eyJ", StringComparison.Ordinal);

    /// <summary>The space-separated values of every claim of <paramref name="type"/> (a JSON array gives one claim per item).</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal user, string type) =>
        user.FindAll(type).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>
/// The HTTP server's <see cref="IPixelAccess"/>: an authenticated caller may use the pixels of its claims. A server
/// without authentication (allowed on loopback only) lets its local callers use every pixel, as stdio does.
/// </summary>
internal sealed class PixelAccess(bool authenticationRequired) : IPixelAccess
{
    public bool Allows(ClaimsPrincipal? caller, string pixelId)
    {
        if (caller?.Identities.Any(i => i.IsAuthenticated) == true)
        {
            return CallerClaims.MayUsePixel(caller, pixelId);
        }

        return !authenticationRequired;
    }
}
