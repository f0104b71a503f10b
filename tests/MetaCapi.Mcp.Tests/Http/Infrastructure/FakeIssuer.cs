using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MetaCapi.Mcp.Tests.Http.Infrastructure;

/// <summary>
/// An OAuth authorization server on 127.0.0.1 as the resource server sees one: its discovery document and its signing
/// keys (JWKS), with a key generated for the test run; tokens are minted here, signed with it. No network.
/// </summary>
public sealed class FakeIssuer : IDisposable
{
    private const string KeyId = "test-signing-key";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly WireMockServer _server;

    public FakeIssuer()
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        _server.Given(Request.Create().UsingGet().WithPath("/.well-known/openid-configuration")).RespondWith(Json($$"""
            {
              "issuer": "{{Url}}",
              "jwks_uri": "{{Url}}/jwks",
              "authorization_endpoint": "{{Url}}/authorize",
              "token_endpoint": "{{Url}}/token",
              "response_types_supported": ["code"],
              "subject_types_supported": ["public"],
              "id_token_signing_alg_values_supported": ["RS256"],
              "scopes_supported": ["capi.send", "capi.read"]
            }
            """));
        _server.Given(Request.Create().UsingGet().WithPath("/jwks")).RespondWith(Json($$"""
            {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "{{KeyId}}",
                       "n": "{{Base64UrlEncoder.Encode(parameters.Modulus)}}", "e": "{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}
            """));
    }

    /// <summary>The issuer (<c>META_MCP_OAUTH_AUTHORITY</c>).</summary>
    public string Url => _server.Urls[0];

    /// <summary>A signed access token; <paramref name="expiresIn"/> negative gives an expired one.</summary>
    public string Token(
        string audience,
        string scope = "capi.send capi.read",
        string pixels = "*",
        TimeSpan? expiresIn = null,
        string subject = "agent-7",
        string? issuer = null,
        RSA? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Url,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddHours(-1) : now,
            NotBefore = expires < now ? expires.AddHours(-1) : now,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("client_id", "agent-platform")]),
            Claims = new Dictionary<string, object> { ["scope"] = scope, ["meta_pixels"] = pixels },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signingKey ?? _rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public void Dispose()
    {
        _server.Dispose();
        _rsa.Dispose();
    }

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
