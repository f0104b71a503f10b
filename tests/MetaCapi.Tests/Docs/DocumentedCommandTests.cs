using System.Text.RegularExpressions;

namespace MetaCapi.Tests.Docs;

/// <summary>
/// The commands the docs give work as written outside an interactive shell: what a newcomer tripped on (issue 14,
/// section 3) stays fixed. The help text's clone example is pinned against the README by the server's ProcessTests.
/// </summary>
public sealed partial class DocumentedCommandTests
{
    [Fact]
    public void Every_npx_command_in_the_docs_answers_yes_itself()
    {
        // Without -y, npx stops to ask whether to install the package: an MCP client or a script waits forever.
        var found = Lines().Where(l => Npx().IsMatch(l.Text) && !NpxYes().IsMatch(l.Text)).Select(l => l.Where).ToList();
        Assert.True(Lines().Any(l => NpxYes().IsMatch(l.Text)), "No npx command found: is the scan reading the docs?");
        Assert.True(found.Count == 0, "npx without -y:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Dotnet_run_with_help_passes_it_after_the_double_dash()
    {
        // `dotnet run --project X --help` shows dotnet's own help; the server's needs `dotnet run --project X -- --help`.
        var runs = Lines().Where(l => l.Text.Contains("dotnet run", StringComparison.Ordinal) && l.Text.Contains("--help", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runs);
        var found = runs.Where(l => !l.Text.Contains(" -- --help", StringComparison.Ordinal)).Select(l => l.Where).ToList();
        Assert.True(found.Count == 0, "dotnet run … --help without --:\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_Inspector_commands_say_which_Node_version_they_need()
    {
        // On Node.js 20 npx silently takes an old Inspector; the README says the current one needs Node.js 22.
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains("@modelcontextprotocol/inspector", readme, StringComparison.Ordinal);
        Assert.Contains("Node.js 22 or newer", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Dnx_has_its_dotnet_dnx_fallback_beside_it()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains("\"command\": \"dnx\"", readme, StringComparison.Ordinal);
        Assert.Contains("\"command\": \"dotnet\", \"args\": [\"dnx\", \"MetaCapi.Mcp\"", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_folders_of_the_documented_pack_commands_are_ignored_by_git()
    {
        var ignored = File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore")).Select(l => l.Trim().TrimStart('/').TrimEnd('/')).ToHashSet();
        var folders = Lines().SelectMany(l => PackOutput().Matches(l.Text).Select(m => (l.Where, Folder: m.Groups["folder"].Value))).ToList();
        Assert.NotEmpty(folders);
        var found = folders.Where(f => !ignored.Contains(f.Folder)).Select(f => $"{f.Where}: ./{f.Folder}").ToList();
        Assert.True(found.Count == 0, "dotnet pack -o folders that git would show as untracked:\n" + string.Join('\n', found));
    }

    /// <summary>Every line of the user-facing docs: the READMEs, CONTRIBUTING.md and docs/.</summary>
    private static IEnumerable<(string Where, string Text)> Lines()
    {
        var files = new[] { "README.md", "CONTRIBUTING.md", "src/MetaCapi/README.md", "samples/CheckoutForwarder/README.md" }
            .Select(f => Path.Combine(Repository.Root, f))
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs"), "*.md"));
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                yield return ($"{Path.GetRelativePath(Repository.Root, file)}:{i + 1}", lines[i]);
            }
        }
    }

    [GeneratedRegex(@"\bnpx\s+(?!-)\S|\bnpx\s+-[^y-]")]
    private static partial Regex Npx();

    [GeneratedRegex(@"\bnpx\s+(-y|--yes)\b")]
    private static partial Regex NpxYes();

    [GeneratedRegex(@"dotnet pack\b[^`\n]*?\s-o\s+\./(?<folder>[\w.-]+)")]
    private static partial Regex PackOutput();
}

/// <summary>The repository this test runs in (the folder that holds MetaCapi.Mcp.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MetaCapi.Mcp.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MetaCapi.Mcp.sln) is not above " + AppContext.BaseDirectory);
    }
}
