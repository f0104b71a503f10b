using System.Globalization;
using System.Text;

namespace MetaCapi.Normalization;

/// <summary>
/// Reduces text to its lowercase ASCII letters, the form in which country and state names are compared
/// (<c>New York</c>, <c>new-york</c> and <c>NEW YORK</c> are all <c>newyork</c>).
/// </summary>
internal static class AsciiLetters
{
    /// <summary>
    /// Writes the ASCII letters of <paramref name="text"/>, lowercased, to <paramref name="destination"/>;
    /// returns how many were written, or -1 if they do not fit.
    /// </summary>
    public static int Keep(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                continue;
            }

            if (length == destination.Length)
            {
                return -1;
            }

            destination[length++] = (char)(c | 0x20);
        }

        return length;
    }

    /// <summary>The lowercase ASCII letters of <paramref name="text"/> as a string.</summary>
    public static string Keep(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                count++;
            }
        }

        if (count == text.Length && !text.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return text;
        }

        return string.Create(count, text, static (destination, source) => Keep(source, destination));
    }

    /// <summary>
    /// The keys under which a table name is found: its ASCII letters (accented letters dropped, as input is
    /// reduced), and, when different, its letters with accents removed (<c>Québec</c> → <c>qubec</c> and <c>quebec</c>).
    /// </summary>
    public static IEnumerable<string> TableKeys(string name)
    {
        var dropped = Keep(name);
        yield return dropped;

        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        var folded = Keep(builder.ToString());
        if (!string.Equals(folded, dropped, StringComparison.Ordinal))
        {
            yield return folded;
        }
    }
}
