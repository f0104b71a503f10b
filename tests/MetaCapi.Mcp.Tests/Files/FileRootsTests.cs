using System.Diagnostics;
using MetaCapi.Files;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>Files only from the allowed folders, symbolic links resolved; never a directory, a FIFO or a device.</summary>
public sealed class FileRootsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("metacapi-roots-");

    private string Root => Directory.CreateDirectory(Path.Join(_folder.FullName, "root")).FullName;

    private string Outside => Directory.CreateDirectory(Path.Join(_folder.FullName, "outside")).FullName;

    public void Dispose() => _folder.Delete(recursive: true);

    private static (string? Path, string? Error) Resolve(FileRoots roots, string path)
    {
        var diagnostics = new Diagnostics();
        var resolved = roots.ResolveForReading(path, "path", diagnostics);
        return (resolved, diagnostics.Errors.SingleOrDefault()?.Message);
    }

    [Fact]
    public void A_file_inside_a_root_is_allowed_absolute_or_relative_to_the_first_root()
    {
        var file = Path.Join(Root, "orders.csv");
        File.WriteAllText(file, "x");
        var roots = new FileRoots([Outside, Root]);

        Assert.Equal(file, Resolve(roots, file).Path);
        Assert.Equal(file, Resolve(new FileRoots([Root, Outside]), "orders.csv").Path);
        Assert.Equal(file, Resolve(new FileRoots([Root]), "./sub/../orders.csv").Path);
    }

    [Fact]
    public void A_path_outside_the_roots_is_refused_naming_the_setting_and_how_to_set_it()
    {
        var file = Path.Join(Outside, "orders.csv");
        File.WriteAllText(file, "x");

        var (path, error) = Resolve(new FileRoots([Root]), file);
        var (_, escape) = Resolve(new FileRoots([Root]), "../outside/orders.csv");

        Assert.Null(path);
        Assert.Contains("outside the folders open to the file tools (META_FILE_ROOTS: " + Root, error, StringComparison.Ordinal);
        Assert.Contains("claude_desktop_config.json", error, StringComparison.Ordinal);
        Assert.Contains(".vscode/mcp.json", error, StringComparison.Ordinal);
        Assert.Contains("--file-root", error, StringComparison.Ordinal);
        Assert.Contains("outside the folders", escape, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_that_escapes_the_root_is_refused_and_one_that_stays_inside_is_followed()
    {
        var secret = Path.Join(Outside, "secret.csv");
        File.WriteAllText(secret, "x");
        var inside = Path.Join(Root, "real.csv");
        File.WriteAllText(inside, "x");
        File.CreateSymbolicLink(Path.Join(Root, "escape.csv"), secret);
        Directory.CreateSymbolicLink(Path.Join(Root, "linked-folder"), Outside);
        File.CreateSymbolicLink(Path.Join(Root, "alias.csv"), "real.csv");
        var roots = new FileRoots([Root]);

        Assert.Contains("outside the folders", Resolve(roots, "escape.csv").Error, StringComparison.Ordinal);
        Assert.Contains("outside the folders", Resolve(roots, "linked-folder/secret.csv").Error, StringComparison.Ordinal);
        Assert.Equal(inside, Resolve(roots, "alias.csv").Path);
    }

    [Fact]
    public void A_folder_a_missing_file_and_no_root_at_all_are_refused_with_what_to_do()
    {
        Directory.CreateDirectory(Path.Join(Root, "exports"));
        var roots = new FileRoots([Root]);

        Assert.Contains("names a folder", Resolve(roots, "exports").Error, StringComparison.Ordinal);
        Assert.Contains("no such file", Resolve(roots, "missing.csv").Error, StringComparison.Ordinal);
        Assert.Contains("No folder is open to the file tools", Resolve(FileRoots.None, "/tmp/x.csv").Error, StringComparison.Ordinal);
        Assert.Contains("META_FILE_ROOTS", Resolve(FileRoots.None, "/tmp/x.csv").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FIFO_and_a_device_are_never_opened()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No FIFOs or /dev on Windows.
        }

        var fifo = Path.Join(Root, "pipe.csv");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        Assert.Contains("FIFO", Resolve(new FileRoots([Root]), fifo).Error, StringComparison.Ordinal);
        Assert.Contains("device", Resolve(new FileRoots(["/dev"]), "/dev/null").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rejected_rows_file_must_be_inside_a_root_in_a_folder_that_exists()
    {
        var roots = new FileRoots([Root]);
        var diagnostics = new Diagnostics();

        Assert.Equal(Path.Join(Root, "rejected.csv"), roots.ResolveForWriting("rejected.csv", "rejected_rows_path", diagnostics));
        Assert.Null(roots.ResolveForWriting(Path.Join(Outside, "rejected.csv"), "rejected_rows_path", diagnostics));
        Assert.Null(roots.ResolveForWriting("no-such-folder/rejected.csv", "rejected_rows_path", diagnostics));
        Assert.Equal(["rejected_rows_path", "rejected_rows_path"], diagnostics.Errors.Select(e => e.Path));
    }
}
