using MetaCapi.Validation;

namespace MetaCapi.Files;

/// <summary>
/// The folders the file tools may read and write (<c>META_FILE_ROOTS</c>, <c>--file-root</c>). A path is allowed when,
/// with every symbolic link resolved, it lies inside one of them; only regular files are read (never a directory, a
/// FIFO or a device). A relative path is taken relative to the first folder. Errors name the setting and say how to
/// set it, never the file's content.
/// </summary>
internal sealed class FileRoots
{
    /// <summary>How to open a folder to the file tools, for every message that refuses a path.</summary>
    public const string HowToSet =
        "Set META_FILE_ROOTS to the folders the file tools may read (separated by '" + PathSeparatorText + "'): in Claude Desktop, in the " +
        "\"env\" block of this server in claude_desktop_config.json (\"META_FILE_ROOTS\": \"/Users/you/exports\"); in VS Code, in " +
        "\"env\" in .vscode/mcp.json (\"META_FILE_ROOTS\": \"${workspaceFolder}/data\"); or start the server with --file-root DIR. " +
        "Then restart the server.";

    private const string PathSeparatorText = "':' on Linux and macOS, ';' on Windows";
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly List<string> _resolved;

    /// <summary>Creates the policy for <paramref name="roots"/> (folders that exist; symbolic links are resolved here).</summary>
    public FileRoots(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        Folders = [.. roots];
        _resolved = [];
        foreach (var root in Folders)
        {
            if (RealPath(root) is { } real)
            {
                _resolved.Add(real);
            }
        }
    }

    /// <summary>No folder: the file tools refuse every path.</summary>
    public static FileRoots None { get; } = new([]);

    /// <summary>The folders as configured.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Whether any folder is open.</summary>
    public bool IsConfigured => _resolved.Count > 0;

    /// <summary>
    /// The file to read for <paramref name="given"/>: its real path when it is a regular file inside a root; otherwise
    /// <see langword="null"/>, with an error at <paramref name="parameter"/>.
    /// </summary>
    public string? ResolveForReading(string given, string parameter, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var real = Resolve(given, parameter, diagnostics);
        if (real is null)
        {
            return null;
        }

        switch (FileKinds.Of(real))
        {
            case FileKind.RegularFile:
                return real;
            case FileKind.Missing:
                diagnostics.Error(parameter, $"{parameter}: no such file inside the allowed folders ({Listed()}). Give the path of an existing file, absolute or relative to {_resolved[0]}.");
                return null;
            case FileKind.Directory:
                diagnostics.Error(parameter, $"{parameter} names a folder; give the path of one file in it (.csv, .tsv, .jsonl, .ndjson, .json, optionally .gz).");
                return null;
            default:
                diagnostics.Error(parameter, $"{parameter} names a device, a FIFO or a socket, which is never read; give the path of a regular file.");
                return null;
        }
    }

    /// <summary>
    /// Where to write a file for <paramref name="given"/> (its folder must exist inside a root; an existing file there
    /// must be a regular file and is replaced); otherwise <see langword="null"/>, with an error at <paramref name="parameter"/>.
    /// </summary>
    public string? ResolveForWriting(string given, string parameter, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var real = Resolve(given, parameter, diagnostics);
        if (real is null)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(real);
        if (folder is null || FileKinds.Of(folder) != FileKind.Directory)
        {
            diagnostics.Error(parameter, $"{parameter}: its folder does not exist; give a file in an existing folder inside {Listed()}.");
            return null;
        }

        switch (FileKinds.Of(real))
        {
            case FileKind.Missing or FileKind.RegularFile:
                return real;
            case FileKind.Directory:
                diagnostics.Error(parameter, $"{parameter} names a folder; give a file name in it, e.g. rejected.csv.");
                return null;
            default:
                diagnostics.Error(parameter, $"{parameter} names a device, a FIFO or a socket; give the path of a regular file.");
                return null;
        }
    }

    private string? Resolve(string given, string parameter, Diagnostics diagnostics)
    {
        if (!IsConfigured)
        {
            diagnostics.Error(parameter, $"No folder is open to the file tools, so {parameter} cannot be read or written. {HowToSet}");
            return null;
        }

        var trimmed = given.Trim();
        if (trimmed.Length == 0 || trimmed.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Error(parameter, $"{parameter} must be the path of a file, absolute or relative to {_resolved[0]}.");
            return null;
        }

        if (trimmed.StartsWith(@"\\.\", StringComparison.Ordinal) || trimmed.StartsWith(@"\\?\", StringComparison.Ordinal))
        {
            diagnostics.Error(parameter, $"{parameter} names a device path, which is never read; give the path of a regular file.");
            return null;
        }

        string? real;
        try
        {
            real = RealPath(Path.IsPathRooted(trimmed) ? trimmed : Path.Join(_resolved[0], trimmed));
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            real = null;
        }

        if (real is null)
        {
            diagnostics.Error(parameter, $"{parameter} could not be resolved (a symbolic link loop, or a path that is not valid here).");
            return null;
        }

        foreach (var root in _resolved)
        {
            if (IsInside(real, root))
            {
                return real;
            }
        }

        diagnostics.Error(parameter,
            $"{parameter} is outside the folders open to the file tools ({Listed()}), once symbolic links are resolved. Move the file into " +
            $"one of them, or add its folder to META_FILE_ROOTS. {HowToSet}");
        return null;
    }

    private string Listed() => "META_FILE_ROOTS: " + string.Join(Path.PathSeparator, _resolved);

    private static bool IsInside(string path, string root)
    {
        if (path.Equals(root, PathComparison))
        {
            return true;
        }

        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>
    /// The absolute path with every symbolic link resolved, component by component (<c>..</c> after a link applies to
    /// the link's target, as the OS does it); the components that do not exist are kept as written. Null for a loop.
    /// </summary>
    internal static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var pending = new Stack<string>();
        Push(pending, full[root.Length..]);
        var current = root;
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, segment);
            var target = LinkTarget(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                root = Path.GetPathRoot(target) ?? root;
                current = root;
                Push(pending, target[root.Length..]);
            }
            else
            {
                Push(pending, target);
            }
        }

        return current;
    }

    private static void Push(Stack<string> pending, string relative)
    {
        var segments = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
