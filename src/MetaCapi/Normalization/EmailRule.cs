namespace MetaCapi.Normalization;

/// <summary>
/// <c>em</c>: the value must match, case-insensitively, the email regex of Meta's Parameter Builder (docs/normalization.md#em),
/// written out here as a scanner: a local part of runs of <c>[A-Za-z0-9_!#$%&amp;'*+/=?^`{|}~-]</c> joined by
/// <c>.</c> or <c>:.</c> (the regex's <c>(:?\.</c>), <c>@</c>, then two or more dot-separated labels of ASCII
/// letters and digits with <c>-</c> allowed inside a label.
/// </summary>
internal static class EmailRule
{
    public const string Invalid =
        "Not a valid email address (expected name@domain.tld in ASCII characters, without spaces); the value was dropped.";

    public static RuleResult Normalize(string value) =>
        IsEmail(value) ? RuleResult.Accepted(value) : RuleResult.Dropped(Invalid);

    /// <summary>Whether <paramref name="text"/> matches the Parameter Builder's email regex.</summary>
    public static bool IsEmail(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('@');
        return at > 0 && IsLocalPart(text[..at]) && IsDomain(text[(at + 1)..]);
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        var i = 0;
        if (!SkipAtom(local, ref i))
        {
            return false;
        }

        while (i < local.Length)
        {
            if (local[i] == ':')
            {
                i++;
            }

            if (i >= local.Length || local[i] != '.')
            {
                return false;
            }

            i++;
            if (!SkipAtom(local, ref i))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SkipAtom(ReadOnlySpan<char> local, ref int index)
    {
        var start = index;
        while (index < local.Length && IsAtomChar(local[index]))
        {
            index++;
        }

        return index > start;
    }

    private static bool IsAtomChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '/' or '='
            or '?' or '^' or '`' or '{' or '|' or '}' or '~' or '-';

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length == 0 || !char.IsAsciiLetterOrDigit(label[0]) || !char.IsAsciiLetterOrDigit(label[^1]))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            labels++;
        }

        return labels >= 2;
    }
}
