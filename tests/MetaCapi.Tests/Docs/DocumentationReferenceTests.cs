using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MetaCapi.Tests.Docs;

/// <summary>
/// The repository documents itself: code, tests, scripts and docs point at the repository's own docs (never at a
/// contract outside it, which someone who clones the repository does not have), and every such pointer leads to a file
/// and a heading that exist (GitHub's anchor rules). See CONTRIBUTING.md#code-style.
/// </summary>
public sealed partial class DocumentationReferenceTests
{
    /// <summary>The files a reader follows references from.</summary>
    private static readonly string[] ScannedExtensions = [".cs", ".md", ".sh", ".mjs", ".py", ".json", ".csproj", ".props", ".yml", ".yaml"];

    /// <summary>Folders that hold build output, installed packages or history, not the repository's own text.</summary>
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git", "artifacts", "TestResults", "nupkg"];

    /// <summary>The repository's public address, as the package README links into it.</summary>
    private const string BlobPrefix = "https://github.com/metacapi/metacapi-mcp/blob/main/";

    private static readonly string Root = Repository.Root;

    [Fact]
    public void No_file_refers_to_a_contract_outside_the_repository()
    {
        // Built from parts, so this file does not find itself.
        string[] forbidden = ["SPEC" + " §", "SPEC" + ".md", "../" + "shared", "capi" + ".md"];
        var found = new List<string>();
        foreach (var file in ScannedFiles())
        {
            var relative = Relative(file);
            // The decision log keeps its history as it was written.
            if (relative == "docs/decisions.md")
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var text in forbidden)
                {
                    if (lines[i].Contains(text, StringComparison.Ordinal))
                    {
                        found.Add($"{relative}:{i + 1}: {text}");
                    }
                }
            }
        }

        Assert.True(found.Count == 0, "Point these at the repository's docs (docs/…, README.md) instead:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Every_reference_to_a_repository_document_names_an_existing_file_and_heading()
    {
        var broken = new List<string>();
        var checkedCount = 0;
        foreach (var file in ScannedFiles())
        {
            var relative = Relative(file);
            var isMarkdown = file.EndsWith(".md", StringComparison.Ordinal);
            var lines = File.ReadAllLines(file);
            var inFence = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (isMarkdown && line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                    continue;
                }

                var where = $"{relative}:{i + 1}";

                // Markdown links, relative to the file that holds them: [text](../docs/{file}.md#{anchor}), [text](#anchor).
                if (isMarkdown && !inFence)
                {
                    foreach (Match link in MarkdownLink().Matches(line))
                    {
                        var target = link.Groups["target"].Value;
                        if (target.StartsWith(BlobPrefix, StringComparison.Ordinal))
                        {
                            target = "/" + target[BlobPrefix.Length..];
                        }
                        else if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        checkedCount++;
                        Check(where, Path.GetDirectoryName(file)!, target, broken);
                    }
                }

                // Mentions in code, comments and prose, relative to the repository: docs/{file}.md#{anchor}, README.md#{anchor}.
                foreach (Match mention in DocumentMention().Matches(line))
                {
                    if (isMarkdown && mention.Index > 1 && line.AsSpan(mention.Index - 2, 2) is "](")
                    {
                        continue; // a markdown link, checked above relative to its file
                    }

                    checkedCount++;
                    Check(where, Root, mention.Value, broken);
                }
            }
        }

        Assert.True(checkedCount > 50, $"Only {checkedCount} references were found: is the scan looking at the repository?");
        Assert.True(broken.Count == 0, "References that lead nowhere:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("### 5. SHA-256 and de-duplication", "5-sha-256-and-de-duplication")]
    [InlineData("### external_id", "external_id")]
    [InlineData("### Parameters of `meta_send_conversion_event` (and of each item of `events`)", "parameters-of-meta_send_conversion_event-and-of-each-item-of-events")]
    [InlineData("### 2026-11-27: Output schemas are stored, not generated at start-up", "2026-11-27-output-schemas-are-stored-not-generated-at-start-up")]
    [InlineData("## Send an event from an ASP.NET Core endpoint", "send-an-event-from-an-aspnet-core-endpoint")]
    [InlineData("### See [the notes](notes.md) — twice", "see-the-notes--twice")]
    public void Anchors_follow_GitHubs_rules(string heading, string anchor) =>
        Assert.Equal(anchor, Anchor(heading.TrimStart('#').Trim()));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor()
    {
        var file = Path.Combine(Path.GetTempPath(), $"anchors-{Guid.NewGuid():N}.md");
        File.WriteAllText(file, "# Notes\n## Setup\n```shell\n# not a heading\n```\n## Setup\n");
        try
        {
            Assert.Equal(["notes", "setup", "setup-1"], AnchorsOf(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Adds to <paramref name="broken"/> when <paramref name="target"/> (path#anchor) leads nowhere.</summary>
    private static void Check(string where, string baseFolder, string target, List<string> broken)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
        string full;
        if (path.Length == 0)
        {
            full = Path.Combine(Root, where[..where.LastIndexOf(':')]);
        }
        else
        {
            full = Path.GetFullPath(path.StartsWith('/') ? Path.Combine(Root, path[1..]) : Path.Combine(baseFolder, path));
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            broken.Add($"{where}: {target}: no such file");
            return;
        }

        if (anchor is not null && full.EndsWith(".md", StringComparison.Ordinal) && !AnchorsOf(full).Contains(anchor))
        {
            broken.Add($"{where}: {target}: no heading with that anchor in {Relative(full)}");
        }
    }

    /// <summary>The anchors GitHub gives the headings of a markdown file, outside code fences, repeats numbered.</summary>
    private static List<string> AnchorsOf(string file)
    {
        var anchors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in File.ReadLines(file))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            var heading = Heading().Match(line);
            if (inFence || !heading.Success)
            {
                continue;
            }

            var anchor = Anchor(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(anchor);
            seen[anchor] = count + 1;
            anchors.Add(count == 0 ? anchor : $"{anchor}-{count.ToString(CultureInfo.InvariantCulture)}");
        }

        return anchors;
    }

    /// <summary>
    /// GitHub's anchor for a heading: the text without markdown link syntax, lowercased, every character other than a
    /// letter, a digit, a space, <c>-</c> or <c>_</c> removed, each space a <c>-</c>.
    /// </summary>
    private static string Anchor(string heading)
    {
        var text = LinkSyntax().Replace(heading, "${text}").ToLowerInvariant();
        var anchor = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                anchor.Append(c);
            }
            else if (c == ' ')
            {
                anchor.Append('-');
            }
        }

        return anchor.ToString();
    }

    private static IEnumerable<string> ScannedFiles()
    {
        var pending = new Stack<string>([Root]);
        while (pending.TryPop(out var folder))
        {
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (ScannedExtensions.Contains(Path.GetExtension(file)) || Path.GetFileName(file) == "run")
                {
                    yield return file;
                }
            }
        }
    }

    private static string Relative(string file) => Path.GetRelativePath(Root, file).Replace('\\', '/');

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkSyntax();

    /// <summary>docs/{file}.md, optionally with #{anchor}; README.md, CONTRIBUTING.md or CHANGELOG.md with #{anchor}; not part of a longer path.</summary>
    [GeneratedRegex(@"(?<![\w/.-])(?:docs/[\w.-]+\.md(?:#[\p{L}\p{N}_-]+)?|(?:README|CONTRIBUTING|CHANGELOG)\.md#[\p{L}\p{N}_-]+)")]
    private static partial Regex DocumentMention();
}
