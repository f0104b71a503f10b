using System.IO.Compression;
using System.Security.Cryptography;
using MetaCapi.Validation;

namespace MetaCapi.Files;

/// <summary>
/// A conversion file opened for reading: its format (by extension, else sniffed), whether it is gzip-compressed
/// (by its magic bytes), and a fresh stream of its content for each pass. A file that is not text is refused before
/// any row is read.
/// </summary>
internal sealed class ConversionFile
{
    private const int SniffLength = 64 * 1024;

    private ConversionFile(string path, ConversionFileFormat format, bool gzip, char? separator)
    {
        FilePath = path;
        Format = format;
        Gzip = gzip;
        Separator = separator;
    }

    public string FilePath { get; }

    public ConversionFileFormat Format { get; }

    public bool Gzip { get; }

    /// <summary>The CSV separator when the extension decides it (<c>.tsv</c>); otherwise detected from the header.</summary>
    public char? Separator { get; }

    /// <summary>How the result names the format.</summary>
    public string FormatName => (Format switch
    {
        ConversionFileFormat.Csv => "csv",
        ConversionFileFormat.JsonLines => "jsonl",
        _ => "json",
    }) + (Gzip ? "+gzip" : string.Empty);

    /// <summary>Opens <paramref name="path"/> (a regular file already allowed); null with an error at <c>path</c> when it cannot be read as a conversion file.</summary>
    public static ConversionFile? Open(string path, ConversionFileFormat requested, Diagnostics diagnostics)
    {
        byte[] head;
        bool gzip;
        try
        {
            using var raw = OpenRaw(path);
            Span<byte> magic = stackalloc byte[2];
            gzip = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            raw.Position = 0;
            using var content = gzip ? new GZipStream(raw, CompressionMode.Decompress) : (Stream)raw;
            head = new byte[SniffLength];
            head = head[..content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        catch (InvalidDataException)
        {
            diagnostics.Error("path", "path: the file starts like gzip but is not valid gzip data; give the file uncompressed, or compress it again.");
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error("path", $"path: the file could not be read ({exception.GetType().Name}); check that this server's user may read it.");
            return null;
        }

        var utf16 = head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
        var format = requested == ConversionFileFormat.Auto ? FromExtension(path) : requested;
        var start = FirstContentByte(head);
        if (format is ConversionFileFormat.Auto or ConversionFileFormat.Json && !utf16)
        {
            // Sniffed: '[' a JSON array, '{' JSON Lines (a .json file holding objects line by line too), else CSV.
            format = start switch
            {
                (byte)'[' => ConversionFileFormat.Json,
                (byte)'{' => ConversionFileFormat.JsonLines,
                _ => format == ConversionFileFormat.Json ? ConversionFileFormat.Json : ConversionFileFormat.Csv,
            };
        }

        if (utf16 && format != ConversionFileFormat.Csv)
        {
            diagnostics.Error("path", "path: the file is UTF-16 text; JSON files must be UTF-8. Save it as UTF-8 and call again.");
            return null;
        }

        if (!utf16 && head.AsSpan().Contains((byte)0))
        {
            diagnostics.Error("path",
                "path: the file is not text (it holds NUL bytes): give a CSV, TSV, JSON Lines or JSON file (UTF-8, optionally gzip-compressed as .gz). " +
                "Spreadsheets (.xlsx) must be saved as CSV first.");
            return null;
        }

        if (start is null)
        {
            diagnostics.Error("path", "path: the file is empty; it needs a header row and at least one row (CSV) or one event object (JSON).");
            return null;
        }

        var separator = format == ConversionFileFormat.Csv && Extension(path) == ".tsv" ? '\t' : (char?)null;
        return new ConversionFile(path, format, gzip, separator);
    }

    /// <summary>A new stream of the file's content (decompressed).</summary>
    public Stream OpenContent() => Content(OpenRaw(FilePath));

    /// <summary>SHA-256 of the file as stored (compressed, for a .gz), lowercase hex: the content part of the upload's identity.</summary>
    public async Task<string> HashAsync(CancellationToken cancellationToken)
    {
        await using var raw = OpenRaw(FilePath);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(raw, cancellationToken).ConfigureAwait(false));
    }

    private Stream Content(Stream raw) => Gzip ? new GZipStream(raw, CompressionMode.Decompress) : raw;

    private static FileStream OpenRaw(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static ConversionFileFormat FromExtension(string path) => Extension(path) switch
    {
        ".csv" or ".tsv" or ".txt" => ConversionFileFormat.Csv,
        ".jsonl" or ".ndjson" => ConversionFileFormat.JsonLines,
        ".json" => ConversionFileFormat.Json,
        _ => ConversionFileFormat.Auto,
    };

    /// <summary>The extension that says the format, lower case, after a <c>.gz</c>.</summary>
    private static string Extension(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }

        return Path.GetExtension(name);
    }

    /// <summary>The first byte after a UTF-8 byte order mark and white space, or null when there is none.</summary>
    private static byte? FirstContentByte(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        foreach (var b in head)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return null;
    }
}
