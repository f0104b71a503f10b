using System.Runtime.InteropServices;
using System.Text;

namespace MetaCapi.Files;

/// <summary>What a path names, as the OS says (following symbolic links).</summary>
internal enum FileKind
{
    Missing,
    RegularFile,
    Directory,

    /// <summary>A FIFO, a socket, a character or block device: never opened (reading one can block or never end).</summary>
    Special,
}

/// <summary>
/// Asks the OS what a path is. .NET reports FIFOs and devices as ordinary files (and opening a FIFO blocks until a
/// writer comes), so on Linux and macOS the file type is read with <c>statx</c> / <c>stat</c>.
/// </summary>
internal static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFileType = 0x8000; // S_IFREG
    private const int DirectoryType = 0x4000; // S_IFDIR

    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var (available, mode) = ModeOf(path);
            if (!available)
            {
                return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.RegularFile : FileKind.Missing;
            }

            if (mode is null)
            {
                return FileKind.Missing;
            }

            return (mode.Value & FileTypeMask) switch
            {
                RegularFileType => FileKind.RegularFile,
                DirectoryType => FileKind.Directory,
                _ => FileKind.Special,
            };
        }

        // Windows: no FIFOs in the file system; devices are reached through \\.\ paths, refused by the caller.
        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        return File.Exists(path)
            ? (File.GetAttributes(path) & FileAttributes.Device) != 0 ? FileKind.Special : FileKind.RegularFile
            : FileKind.Missing;
    }

    /// <summary>st_mode (null when the path cannot be reached), and whether the OS call was available at all.</summary>
    private static (bool Available, int? Mode) ModeOf(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // struct statx: stx_mode (u16) at offset 28; the struct is 256 bytes on every architecture.
                var buffer = new byte[256];
                return (true, Statx(AtFdCwd, bytes, 0, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) : null);
            }

            // Darwin's 64-bit-inode struct stat: st_mode (u16) at offset 4; 144 bytes.
            var stat = new byte[256];
            var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? StatX64(bytes, stat) : Stat(bytes, stat);
            return (true, result == 0 ? BitConverter.ToUInt16(stat, 4) : null);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return (false, null);
        }
    }

    [LibraryImport("libc", EntryPoint = "statx")]
    private static partial int Statx(int directoryFd, byte[] path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "stat")]
    private static partial int Stat(byte[] path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "stat$INODE64")]
    private static partial int StatX64(byte[] path, byte[] buffer);
}
