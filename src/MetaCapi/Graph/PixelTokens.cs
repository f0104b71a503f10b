using System.Text.Json;

namespace MetaCapi.Graph;

/// <summary>
/// Reads <c>META_PIXEL_TOKENS_FILE</c>: a JSON object whose names are pixel IDs and whose values are their tokens,
/// <c>{"1234567890": "EAAB…", "2345678901": "EAAC…"}</c>. Problems name the variable and what is wrong, never a token
/// (nor the file's path, which a log may not need to show).
/// </summary>
internal static class PixelTokens
{
    private const int MaxFileBytes = 1024 * 1024;

    public static (IReadOnlyDictionary<string, string> Tokens, string? Error) Read(string path)
    {
        byte[] content;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return Failed("the file does not exist");
            }

            if (file.Length > MaxFileBytes)
            {
                return Failed($"the file is larger than {MaxFileBytes / 1024} KiB");
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failed($"the file could not be read ({exception.GetType().Name})");
        }

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Failed(Shape);
            }

            var index = 0;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                index++;
                if (!IsPixelId(property.Name))
                {
                    return Failed($"entry {index}: the name is not a pixel ID (1 to 20 digits). {Shape}");
                }

                if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                {
                    return Failed($"pixel {property.Name}: the token must be a non-empty string. {Shape}");
                }

                if (!tokens.TryAdd(property.Name, property.Value.GetString()!.Trim()))
                {
                    return Failed($"pixel {property.Name} is listed twice");
                }
            }
        }
        catch (JsonException)
        {
            return Failed("the file is not valid JSON. " + Shape);
        }

        return (tokens, null);
    }

    private const string Shape = "Expected a JSON object of pixel ID → token, such as {\"1234567890\": \"EAAB…\"}.";

    private static (IReadOnlyDictionary<string, string>, string?) Failed(string problem) =>
        (new Dictionary<string, string>(StringComparer.Ordinal),
            $"{ConversionsApiSettings.PixelTokensFile}: {problem}{(problem.EndsWith('.') ? string.Empty : ".")}");

    private static bool IsPixelId(string value) =>
        value.Length is > 0 and <= 20 && !value.AsSpan().ContainsAnyExceptInRange('0', '9');
}
