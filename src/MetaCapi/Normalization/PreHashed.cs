namespace MetaCapi.Normalization;

/// <summary>
/// Values the caller hashed already (docs/normalization.md#2-already-hashed-values): a SHA-256 as 64 hex characters of any case, sent
/// lowercased; or the Parameter Builder's form <c>&lt;64 hex&gt;.&lt;2 or 8 characters of [A-Za-z0-9_-]&gt;</c>,
/// sent exactly as given. Nothing else counts: 32 hex characters (an MD5, or a UUID without dashes) are normalized
/// and hashed like any other text.
/// </summary>
internal static class PreHashed
{
    private const int HashLength = 64;

    /// <summary>The value to send for a pre-hashed <paramref name="trimmed"/>, or null when it is not a hash.</summary>
    public static string? PassThrough(string trimmed)
    {
        if (trimmed.Length == HashLength && IsHex(trimmed))
        {
            return trimmed.ToLowerInvariant();
        }

        if (trimmed.Length is HashLength + 3 or HashLength + 9
            && trimmed[HashLength] == '.'
            && IsHex(trimmed.AsSpan(0, HashLength))
            && IsAppendix(trimmed.AsSpan(HashLength + 1)))
        {
            return trimmed;
        }

        return null;
    }

    /// <summary>Whether <paramref name="part"/> is a Parameter Builder appendix: 2 or 8 characters of <c>[A-Za-z0-9_-]</c>.</summary>
    public static bool IsAppendix(ReadOnlySpan<char> part)
    {
        if (part.Length is not (2 or 8))
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
