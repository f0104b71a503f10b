using System.Globalization;
using System.Text;

namespace MetaCapi.Normalization;

/// <summary>
/// Text primitives that behave like JavaScript's, so a hash computed here equals the one the browser Pixel and
/// Meta's Parameter Builder compute for the same input (docs/normalization.md#1-trim, docs/normalization.md#3-nfc-and-lowercase).
/// </summary>
internal static class JsText
{
    private const char CapitalIWithDotAbove = '\u0130';
    private const char CapitalSigma = '\u03A3';
    private const char SmallSigma = '\u03C3';
    private const char SmallFinalSigma = '\u03C2';
    private const char NoncharacterFffe = '\uFFFE';

    /// <summary>
    /// Whether <paramref name="c"/> is white space or a line terminator for JavaScript (<c>trim</c>, <c>\s</c>):
    /// .NET's white space less U+0085, plus U+FEFF.
    /// </summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' => true,
        < '\u0080' => false,
        '\u0085' => false,
        '\uFEFF' => true,
        _ => char.IsWhiteSpace(c),
    };

    /// <summary>Whether <paramref name="c"/> is ASCII punctuation <c>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>.</summary>
    public static bool IsAsciiPunctuation(char c) => c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    /// <summary>Removes leading and trailing white space as JavaScript's <c>String.prototype.trim</c> does.</summary>
    public static string Trim(string value)
    {
        var start = 0;
        var end = value.Length - 1;
        while (start <= end && IsWhiteSpace(value[start]))
        {
            start++;
        }

        while (end >= start && IsWhiteSpace(value[end]))
        {
            end--;
        }

        return start == 0 && end == value.Length - 1 ? value : value[start..(end + 1)];
    }

    /// <summary>
    /// Unicode normalization form C. Unpaired surrogates become U+FFFD first (UTF-8 encoding would do the same),
    /// and the noncharacter U+FFFE, which .NET refuses to normalize, is kept as JavaScript keeps it, so no input
    /// makes this throw. Pure ASCII is returned as is.
    /// </summary>
    public static string ToNfc(string value)
    {
        if (Ascii.IsValid(value))
        {
            return value;
        }

        var text = ReplaceUnpairedSurrogates(value);
        if (!text.Contains(NoncharacterFffe, StringComparison.Ordinal))
        {
            return NormalizeC(text);
        }

        // U+FFFE never decomposes or combines, so normalizing the runs between its occurrences is the same as
        // normalizing the whole (what JavaScript's normalize does).
        return string.Join(NoncharacterFffe, text.Split(NoncharacterFffe).Select(NormalizeC));
    }

    /// <summary>
    /// Lowercases as JavaScript's <c>toLowerCase</c> does: full Unicode case mapping, independent of culture.
    /// That is <see cref="string.ToLowerInvariant"/> plus the two mappings it lacks: <c>İ</c> (U+0130) becomes
    /// <c>i̇</c> (U+0069 U+0307), and a capital sigma at the end of a word becomes <c>ς</c> (Unicode's Final_Sigma).
    /// </summary>
    public static string ToLower(string value)
    {
        if (value.AsSpan().IndexOfAny(CapitalIWithDotAbove, CapitalSigma) < 0)
        {
            return value.ToLowerInvariant();
        }

        // Invariant lowercasing maps every UTF-16 unit to exactly one unit, so indexes line up with the input.
        var lowered = value.ToLowerInvariant();
        var builder = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case CapitalIWithDotAbove:
                    builder.Append('i').Append('\u0307');
                    break;
                case CapitalSigma:
                    builder.Append(IsFinalSigma(value, i) ? SmallFinalSigma : SmallSigma);
                    break;
                default:
                    builder.Append(lowered[i]);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Trim, then (only if anything is left) NFC and lowercase: docs/normalization.md#the-steps-for-every-hashed-value, steps 1 and 3.</summary>
    public static string NfcLower(string trimmed) => ToLower(ToNfc(trimmed));

    /// <summary>
    /// Unicode's Final_Sigma condition: the sigma is preceded by a cased letter (case-ignorable characters in
    /// between are skipped) and not followed by one.
    /// </summary>
    private static bool IsFinalSigma(string text, int index)
    {
        var before = index;
        var casedBefore = false;
        while (before > 0)
        {
            _ = Rune.DecodeLastFromUtf16(text.AsSpan(0, before), out var rune, out var length);
            before -= length;
            if (!IsCaseIgnorable(rune))
            {
                casedBefore = IsCased(rune);
                break;
            }
        }

        if (!casedBefore)
        {
            return false;
        }

        var after = index + 1;
        while (after < text.Length)
        {
            _ = Rune.DecodeFromUtf16(text.AsSpan(after), out var rune, out var length);
            after += length;
            if (!IsCaseIgnorable(rune))
            {
                return !IsCased(rune);
            }
        }

        return true;
    }

    /// <summary>Unicode's Cased property: letters with case, plus the few other characters that have it.</summary>
    private static bool IsCased(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
                return true;
        }

        var value = rune.Value;
        return value is 0x00AA or 0x00BA
            or (>= 0x2160 and <= 0x217F) // Roman numerals
            or (>= 0x24B6 and <= 0x24E9) // circled Latin letters
            or (>= 0x1F130 and <= 0x1F149) or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189);
    }

    /// <summary>Unicode's Case_Ignorable property: marks, format characters, modifiers, and word-inner punctuation.</summary>
    private static bool IsCaseIgnorable(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.Format:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.ModifierSymbol:
                return true;
        }

        // Word_Break = MidLetter, MidNumLet or Single_Quote.
        return rune.Value is 0x0027 or 0x002E or 0x003A or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x2018 or 0x2019
            or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
    }

    private static string NormalizeC(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    private static string ReplaceUnpairedSurrogates(string value)
    {
        var span = value.AsSpan();
        var firstSurrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (firstSurrogate < 0)
        {
            return value;
        }

        char[]? copy = null;
        for (var i = firstSurrogate; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                copy ??= value.ToCharArray();
                copy[i] = '\uFFFD';
            }
        }

        return copy is null ? value : new string(copy);
    }
}
