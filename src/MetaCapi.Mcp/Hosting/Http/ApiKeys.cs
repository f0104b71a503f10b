using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Hosting.Http;

/// <summary>One caller of the HTTP server: its name (for logs), the SHA-256 of its key, and the pixels it may use.</summary>
/// <param name="Name">A name for the operator's logs, never the key.</param>
/// <param name="Sha256">The SHA-256 of the key's UTF-8 bytes (32 bytes).</param>
/// <param name="Pixels">Pixel IDs, or <c>*</c> for every pixel.</param>
internal sealed record ApiKey(string Name, byte[] Sha256, IReadOnlyList<string> Pixels);

/// <summary>
/// Reads <c>META_MCP_API_KEYS_FILE</c>: a JSON array of <c>{"name", "sha256", "pixels"}</c>, where <c>sha256</c> is the
/// lowercase hex SHA-256 of the key and <c>pixels</c> lists pixel IDs or <c>"*"</c>. The file holds hashes only, so it
/// may be read by the operator's tooling; the keys themselves are never stored by the server.
/// </summary>
internal static class ApiKeysFile
{
    private const int MaxFileBytes = 4 * 1024 * 1024;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private const string Shape =
        "Expected a JSON array such as [{\"name\": \"shop-a\", \"sha256\": \"<64 hex digits>\", \"pixels\": [\"1234567890\"]}].";

    public static (IReadOnlyList<ApiKey> Keys, IReadOnlyList<string> Errors) Read(string path)
    {
        const string Variable = HttpSettings.ApiKeysFileVariable;
        byte[] content;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return ([], [$"{Variable}: the file does not exist."]);
            }

            if (file.Length > MaxFileBytes)
            {
                return ([], [$"{Variable}: the file is larger than {MaxFileBytes / (1024 * 1024)} MiB."]);
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ([], [$"{Variable}: the file could not be read ({exception.GetType().Name})."]);
        }

        var keys = new List<ApiKey>();
        var errors = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                return ([], [$"{Variable}: the file must hold a non-empty array of keys. {Shape}"]);
            }

            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (ReadEntry(entry, $"{Variable}: entry {index}", errors) is { } key)
                {
                    if (keys.Any(k => string.Equals(k.Name, key.Name, StringComparison.Ordinal)))
                    {
                        errors.Add($"{Variable}: entry {index}: the name '{key.Name}' is used twice; each key needs its own name.");
                    }
                    else if (keys.Any(k => k.Sha256.AsSpan().SequenceEqual(key.Sha256)))
                    {
                        errors.Add($"{Variable}: entry {index} ('{key.Name}') has the same sha256 as another entry; give each caller its own key.");
                    }
                    else
                    {
                        keys.Add(key);
                    }
                }

                index++;
            }
        }
        catch (JsonException)
        {
            return ([], [$"{Variable}: the file is not valid JSON. {Shape}"]);
        }

        return errors.Count == 0 ? (keys, errors) : ([], errors);
    }

    private static ApiKey? ReadEntry(JsonElement entry, string where, List<string> errors)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: not an object. {Shape}");
            return null;
        }

        var name = entry.TryGetProperty("name", out var nameValue) && nameValue.ValueKind == JsonValueKind.String
            ? nameValue.GetString()!.Trim()
            : null;
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            errors.Add($"{where}: \"name\" must be a string of 1 to 100 characters (it names the caller in the logs).");
            return null;
        }

        where = $"{where} ('{name}')";
        var hex = entry.TryGetProperty("sha256", out var hashValue) && hashValue.ValueKind == JsonValueKind.String
            ? hashValue.GetString()!.Trim()
            : null;
        byte[]? hash = null;
        if (hex is { Length: 64 } && !hex.AsSpan().ContainsAnyExcept(HexDigits))
        {
            hash = Convert.FromHexString(hex);
        }
        else
        {
            errors.Add($"{where}: \"sha256\" must be the 64 hex digits of the key's SHA-256 " +
                       "(printf %s \"$KEY\" | sha256sum), never the key itself.");
        }

        var pixels = new List<string>();
        if (!entry.TryGetProperty("pixels", out var pixelsValue) || pixelsValue.ValueKind != JsonValueKind.Array || pixelsValue.GetArrayLength() == 0)
        {
            errors.Add($"{where}: \"pixels\" must be a non-empty array of pixel IDs, or [\"*\"] for every pixel.");
            return null;
        }

        foreach (var pixel in pixelsValue.EnumerateArray())
        {
            var text = pixel.ValueKind == JsonValueKind.String ? pixel.GetString()!.Trim() : null;
            if (text is "*" || (text is { Length: > 0 and <= 20 } && !text.AsSpan().ContainsAnyExceptInRange('0', '9')))
            {
                pixels.Add(text);
            }
            else
            {
                errors.Add($"{where}: each item of \"pixels\" must be a pixel ID as a string of 1 to 20 digits, or \"*\" for every pixel.");
                return null;
            }
        }

        return hash is null ? null : new ApiKey(name, hash, pixels);
    }
}

/// <summary>The options of the API key scheme: the configured keys.</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public IReadOnlyList<ApiKey> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the keys file: the SHA-256 of the presented key is
/// compared with every configured hash in constant time (no early exit), so the time taken says nothing about how
/// close a guess was. The caller gets the claims of <see cref="CallerClaims"/>: its name, its pixels, every scope.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (CallerClaims.BearerCredential(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKey? match = null;
        foreach (var key in Options.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                match ??= key;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of this server's keys."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(CallerClaims.Subject, "apikey:" + match.Name),
                new Claim(CallerClaims.ClientId, match.Name),
                new Claim(CallerClaims.Pixels, string.Join(' ', match.Pixels)),
                new Claim(CallerClaims.Scope, $"{CallerClaims.SendScope} {CallerClaims.ReadScope}"),
            ],
            SchemeName,
            CallerClaims.ClientId,
            roleType: null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
