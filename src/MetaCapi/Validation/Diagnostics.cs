namespace MetaCapi.Validation;

/// <summary>How bad a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The event cannot be sent as given; nothing is sent.</summary>
    Error,

    /// <summary>The event is sent, but something was dropped, rewritten or is worth knowing.</summary>
    Warning,
}

/// <summary>One problem found in an event, located by the path of the parameter it concerns.</summary>
/// <param name="Path">Where the problem is, e.g. <c>user_data.ph[1]</c> or <c>events[3].event_time</c>.</param>
/// <param name="Message">What is wrong and what is accepted, written for a person or a model.</param>
/// <param name="Severity">Error (nothing is sent) or warning (sent anyway).</param>
public sealed record Diagnostic(string Path, string Message, DiagnosticSeverity Severity);

/// <summary>
/// The one collector of problems threaded through reading, validation and normalization, so every problem is
/// reported at once. A view made with <see cref="WithPrefix"/> writes into the same list under a path prefix
/// (the batch tool reports <c>events[3].user_data.em</c>).
/// </summary>
public sealed class Diagnostics
{
    private readonly List<Diagnostic> _items;
    private readonly string _prefix;

    /// <summary>Creates an empty collector.</summary>
    public Diagnostics()
        : this([], string.Empty)
    {
    }

    private Diagnostics(List<Diagnostic> items, string prefix)
    {
        _items = items;
        _prefix = prefix;
    }

    /// <summary>Everything collected so far, in the order it was found (all prefixes).</summary>
    public IReadOnlyList<Diagnostic> All => _items;

    /// <summary>Whether any error has been collected (under any prefix).</summary>
    public bool HasErrors => ErrorCount > 0;

    /// <summary>How many errors have been collected (under any prefix).</summary>
    public int ErrorCount
    {
        get
        {
            var count = 0;
            foreach (var item in _items)
            {
                if (item.Severity == DiagnosticSeverity.Error)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>The errors collected so far.</summary>
    public IEnumerable<Diagnostic> Errors => Select(DiagnosticSeverity.Error);

    /// <summary>The warnings collected so far.</summary>
    public IEnumerable<Diagnostic> Warnings => Select(DiagnosticSeverity.Warning);

    /// <summary>A view that writes into the same list, with <paramref name="prefix"/> put before every path.</summary>
    public Diagnostics WithPrefix(string prefix) => new(_items, Combine(_prefix, prefix));

    /// <summary>
    /// Copies everything <paramref name="other"/> collected, in its order, with this view's prefix put before each
    /// path (how the problems of one event of a batch, collected on their own, join the batch's list).
    /// </summary>
    public void AddRange(Diagnostics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var item in other._items)
        {
            Add(item.Path, item.Message, item.Severity);
        }
    }

    /// <summary>Records an error at <paramref name="path"/> (relative to this view's prefix).</summary>
    public void Error(string path, string message) => Add(path, message, DiagnosticSeverity.Error);

    /// <summary>Records a warning at <paramref name="path"/> (relative to this view's prefix).</summary>
    public void Warning(string path, string message) => Add(path, message, DiagnosticSeverity.Warning);

    /// <summary>
    /// Whether an error was already recorded at <paramref name="path"/> or below it, so a later stage does not
    /// report the same parameter twice (a wrong type, then "missing").
    /// </summary>
    /// <param name="path">The path, relative to this view's prefix.</param>
    /// <param name="includeBelow">Whether errors at paths below <paramref name="path"/> count too.</param>
    public bool HasErrorAt(string path, bool includeBelow = true)
    {
        var full = Combine(_prefix, path);
        foreach (var item in _items)
        {
            if (item.Severity == DiagnosticSeverity.Error
                && (includeBelow ? IsSameOrBelow(item.Path, full) : string.Equals(item.Path, full, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(string path, string message, DiagnosticSeverity severity) =>
        _items.Add(new Diagnostic(Combine(_prefix, path), message, severity));

    private IEnumerable<Diagnostic> Select(DiagnosticSeverity severity)
    {
        foreach (var item in _items)
        {
            if (item.Severity == severity)
            {
                yield return item;
            }
        }
    }

    private static bool IsSameOrBelow(string candidate, string path)
    {
        if (path.Length == 0 || string.Equals(candidate, path, StringComparison.Ordinal))
        {
            return true;
        }

        return candidate.Length > path.Length
            && candidate.StartsWith(path, StringComparison.Ordinal)
            && (candidate[path.Length] == '.' || candidate[path.Length] == '[');
    }

    private static string Combine(string prefix, string path) =>
        prefix.Length == 0 ? path
        : path.Length == 0 ? prefix
        : path[0] == '[' ? prefix + path
        : prefix + "." + path;
}
