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
internal sealed class Diagnostics
{
    private readonly Store _store;
    private readonly string _prefix;

    /// <summary>Creates an empty collector.</summary>
    public Diagnostics()
        : this(new Store(), string.Empty)
    {
    }

    private Diagnostics(Store store, string prefix)
    {
        _store = store;
        _prefix = prefix;
    }

    /// <summary>Everything collected so far, in the order it was found (all prefixes).</summary>
    public IReadOnlyList<Diagnostic> All => _store.Items;

    /// <summary>Whether any error has been collected (under any prefix).</summary>
    public bool HasErrors => _store.ErrorCount > 0;

    /// <summary>How many errors have been collected (under any prefix).</summary>
    public int ErrorCount => _store.ErrorCount;

    /// <summary>The errors collected so far.</summary>
    public IEnumerable<Diagnostic> Errors => Select(DiagnosticSeverity.Error);

    /// <summary>The warnings collected so far.</summary>
    public IEnumerable<Diagnostic> Warnings => Select(DiagnosticSeverity.Warning);

    /// <summary>A view that writes into the same list, with <paramref name="prefix"/> put before every path.</summary>
    public Diagnostics WithPrefix(string prefix) => new(_store, Combine(_prefix, prefix));

    /// <summary>
    /// Copies everything <paramref name="other"/> collected, in its order, with this view's prefix put before each
    /// path (how the problems of one event of a batch, collected on their own, join the batch's list).
    /// </summary>
    public void AddRange(Diagnostics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var item in other._store.Items)
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
    /// <param name="path">The path, relative to this view's prefix; empty for the view itself.</param>
    /// <param name="includeBelow">Whether errors at paths below <paramref name="path"/> count too.</param>
    public bool HasErrorAt(string path, bool includeBelow = true)
    {
        var paths = includeBelow ? _store.ErrorsAtOrBelow : _store.ErrorsAt;
        return paths.Contains(Combine(_prefix, path));
    }

    private void Add(string path, string message, DiagnosticSeverity severity)
    {
        var full = Combine(_prefix, path);
        _store.Items.Add(new Diagnostic(full, message, severity));
        if (severity == DiagnosticSeverity.Error)
        {
            _store.RecordError(full);
        }
    }

    private IEnumerable<Diagnostic> Select(DiagnosticSeverity severity)
    {
        foreach (var item in _store.Items)
        {
            if (item.Severity == severity)
            {
                yield return item;
            }
        }
    }

    private static string Combine(string prefix, string path) =>
        prefix.Length == 0 ? path
        : path.Length == 0 ? prefix
        : path[0] == '[' ? prefix + path
        : prefix + "." + path;

    /// <summary>The list shared by all views, with the error paths indexed so lookups stay cheap in a 1000-event batch.</summary>
    private sealed class Store
    {
        public List<Diagnostic> Items { get; } = [];

        public int ErrorCount { get; private set; }

        /// <summary>Paths that carry an error themselves.</summary>
        public HashSet<string> ErrorsAt { get; } = new(StringComparer.Ordinal);

        /// <summary>Paths that carry an error themselves or below them, every ancestor included (and "" for any error).</summary>
        public HashSet<string> ErrorsAtOrBelow { get; } = new(StringComparer.Ordinal);

        public void RecordError(string path)
        {
            ErrorCount++;
            ErrorsAt.Add(path);
            ErrorsAtOrBelow.Add(path);
            ErrorsAtOrBelow.Add(string.Empty);
            for (var i = path.Length - 1; i > 0; i--)
            {
                if (path[i] is '.' or '[')
                {
                    ErrorsAtOrBelow.Add(path[..i]);
                }
            }
        }
    }
}
