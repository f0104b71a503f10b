using System.Globalization;
using MetaCapi.Events;
using Microsoft.Extensions.Configuration;

namespace MetaCapi.Files;

/// <summary>Settings of file uploads: the folders files may come from, where the journal lives, and how requests are sent.</summary>
internal sealed class FileUploadOptions
{
    /// <summary>Requests in flight at once unless configured.</summary>
    public const int DefaultParallelism = 4;

    /// <summary>The most requests in flight at once.</summary>
    public const int MaxParallelism = 16;

    /// <summary>
    /// Folders the file tools may read and write (<c>META_FILE_ROOTS</c> and <c>--file-root</c>); none means the file
    /// tools are not offered.
    /// </summary>
    public FileRoots Roots { get; set; } = FileRoots.None;

    /// <summary>Where the upload journal lives (<c>META_STATE_DIR</c>); created on first use, owner-only.</summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory;

    /// <summary>Requests in flight at once during an upload, 1 to 16 (<c>META_UPLOAD_PARALLELISM</c>).</summary>
    public int Parallelism { get; set; } = DefaultParallelism;

    /// <summary>Events per request during an upload, 1 to 1000 (<c>META_UPLOAD_BATCH_SIZE</c>).</summary>
    public int BatchSize { get; set; } = EventRequest.MaxEvents;

    /// <summary>The OS's local application data folder + <c>metacapi-mcp</c> (<c>~/.local/share/metacapi-mcp</c> on Linux).</summary>
    public static string DefaultStateDirectory =>
        Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "metacapi-mcp");
}

/// <summary>
/// The file-upload <c>META_*</c> settings and their reader, checked at start like the Conversions API settings: one line
/// per invalid variable, naming it and what is accepted.
/// </summary>
internal static class FileUploadSettings
{
    /// <summary>Folders the file tools may read, separated by the OS path separator.</summary>
    public const string FileRoots = "META_FILE_ROOTS";

    /// <summary>Where durable state (the upload journal) lives.</summary>
    public const string StateDirectory = "META_STATE_DIR";

    /// <summary>Requests in flight at once during a file upload (1–16).</summary>
    public const string UploadParallelism = "META_UPLOAD_PARALLELISM";

    /// <summary>Events per request during a file upload (1–1000).</summary>
    public const string UploadBatchSize = "META_UPLOAD_BATCH_SIZE";

    /// <summary>
    /// The configuration section that holds the folders given with <c>--file-root DIR</c> (as <c>MetaCapi:FileRoot:0</c>,
    /// <c>:1</c>, …): the command line puts them there, so every host reads them from its configuration.
    /// </summary>
    public const string CommandLineRoots = "MetaCapi:FileRoot";

    /// <summary>Reads the settings; invalid values keep their defaults and add one line each to the errors.</summary>
    public static (FileUploadOptions Options, IReadOnlyList<string> Errors) Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new FileUploadOptions();
        var errors = new List<string>();

        var roots = new List<string>();
        ReadRoots(FileRoots, Split(ValueOf(configuration, FileRoots)), roots, errors);
        var fromCommandLine = new List<string>();
        foreach (var child in configuration.GetSection(CommandLineRoots).GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                fromCommandLine.Add(child.Value.Trim());
            }
        }

        ReadRoots("--file-root", fromCommandLine, roots, errors);
        options.Roots = new FileRoots(roots.Distinct(StringComparer.Ordinal));

        if (ValueOf(configuration, StateDirectory) is { } state)
        {
            if (!Path.IsPathFullyQualified(state))
            {
                errors.Add($"{StateDirectory}: '{state}' is not an absolute path; give the absolute path of a folder (it is created if missing).");
            }
            else if (File.Exists(state))
            {
                errors.Add($"{StateDirectory}: '{state}' is a file; give a folder (it is created if missing).");
            }
            else
            {
                options.StateDirectory = state;
            }
        }

        options.Parallelism = ReadInteger(configuration, UploadParallelism, 1, FileUploadOptions.MaxParallelism, options.Parallelism,
            "requests in flight at once during a file upload", errors);
        options.BatchSize = ReadInteger(configuration, UploadBatchSize, 1, EventRequest.MaxEvents, options.BatchSize,
            "events per request during a file upload", errors);
        return (options, errors);
    }

    private static void ReadRoots(string name, IEnumerable<string> given, List<string> roots, List<string> errors)
    {
        var bad = new List<string>();
        foreach (var root in given)
        {
            if (Path.IsPathFullyQualified(root) && Directory.Exists(root))
            {
                roots.Add(Path.GetFullPath(root));
            }
            else
            {
                bad.Add($"'{root}'");
            }
        }

        if (bad.Count > 0)
        {
            errors.Add($"{name}: {string.Join(", ", bad)} {(bad.Count == 1 ? "is not an absolute path of a folder that exists" : "are not absolute paths of folders that exist")}" +
                       $"{(name == FileRoots ? $"; list existing folders separated by '{Path.PathSeparator}'" : string.Empty)}.");
        }
    }

    private static int ReadInteger(IConfiguration configuration, string name, int min, int max, int fallback, string meaning, List<string> errors)
    {
        if (ValueOf(configuration, name) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var shown = text.Length <= 24 ? $"'{text}'" : $"the value ({text.Length} characters, not shown)";
        errors.Add($"{name}: {shown} is not valid; use a whole number from {min} to {max} ({meaning}).");
        return fallback;
    }

    private static string[] Split(string? value) =>
        value is null ? [] : value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? ValueOf(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
