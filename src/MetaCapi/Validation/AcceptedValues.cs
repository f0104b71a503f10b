using System.Globalization;
using System.Text;

namespace MetaCapi.Validation;

/// <summary>
/// The message for a value outside a fixed list (an enum parameter such as <c>action_source</c>): it repeats what was
/// given, lists what is accepted and suggests the closest accepted value ("did you mean website?"), so a model or a
/// person can fix the call in one step. Only short, printable values are repeated: enum values are never customer
/// data, but a long one would only bloat the answer.
/// </summary>
internal static class AcceptedValues
{
    /// <summary>Values longer than this are not repeated in a message.</summary>
    public const int MaxEchoLength = 40;

    /// <summary><c>{path} "{given}" is not accepted: use one of a, b, c. Did you mean "b"?</c></summary>
    /// <param name="path">The parameter path, e.g. <c>action_source</c> or <c>custom_data.delivery_category</c>.</param>
    /// <param name="given">The value given (after trimming).</param>
    /// <param name="accepted">The accepted values, in the order to list them.</param>
    public static string UnknownValue(string path, string given, IReadOnlyList<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(accepted);
        var text = new StringBuilder(64 + (accepted.Count * 12));
        text.Append(path);
        if (IsEchoable(given))
        {
            text.Append(" \"").Append(given).Append('"');
        }
        else
        {
            text.Append(" value");
        }

        text.Append(" is not accepted: use one of ").AppendJoin(", ", accepted).Append('.');
        if (Closest(given, accepted) is { } suggestion)
        {
            text.Append(" Did you mean \"").Append(suggestion).Append("\"?");
        }

        return text.ToString();
    }

    /// <summary>
    /// The accepted value closest to <paramref name="given"/>, case-insensitively: one that starts with it or that it
    /// starts with (<c>web</c> → <c>website</c>), else one that ends with it (<c>store</c> → <c>physical_store</c>), else
    /// the one within a small edit distance (<c>sytem_generated</c> → <c>system_generated</c>); <see langword="null"/>
    /// when none is close.
    /// </summary>
    public static string? Closest(string given, IReadOnlyList<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(accepted);
        var folded = Fold(given);
        if (folded.Length == 0 || folded.Length > 2 * MaxEchoLength)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in accepted)
        {
            var target = Fold(candidate);
            var distance = target.StartsWith(folded, StringComparison.Ordinal) || folded.StartsWith(target, StringComparison.Ordinal)
                ? 0
                : folded.Length >= 3 && target.EndsWith(folded, StringComparison.Ordinal) ? 1
                : EditDistance(folded, target);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Close means a couple of typos, relative to the word: "ebsite" is close to "website", "foo" is not close to "app".
        var allowed = Math.Max(1, Math.Min(3, (best?.Length ?? 0) / 3));
        return bestDistance <= allowed ? best : null;
    }

    private static bool IsEchoable(string value)
    {
        if (value.Length is 0 or > MaxEchoLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lowercase ASCII letters and digits only: <c>Phone-Call</c> and <c>phone_call</c> compare equal.</summary>
    private static string Fold(string value)
    {
        var folded = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }

    /// <summary>Levenshtein distance (both strings are short).</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
