using System.Globalization;
using System.Reflection;
using System.Text;

namespace MetaCapi.Normalization;

/// <summary>
/// Reads one of the tab-separated tables embedded from <c>Normalization/Data</c> (resource
/// <c>MetaCapi.Data.&lt;file name&gt;</c>). Lines starting with <c>#</c> and empty lines are skipped.
/// </summary>
internal static class DataFile
{
    /// <summary>
    /// The rows of <paramref name="fileName"/>, each with exactly <paramref name="columns"/> fields, embedded in
    /// <paramref name="assembly"/> (this library's by default; the server embeds the file tools' tables).
    /// </summary>
    /// <exception cref="InvalidDataException">The resource is missing or a row has another number of fields.</exception>
    public static List<string[]> Read(string fileName, int columns, Assembly? assembly = null)
    {
        var resourceName = "MetaCapi.Data." + fileName;
        using var stream = (assembly ?? typeof(DataFile).Assembly).GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"The embedded data file '{resourceName}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rows = new List<string[]>(256);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != columns || Array.Exists(fields, static field => field.Length == 0))
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{fileName} line {lineNumber}: expected {columns} non-empty tab-separated fields."));
            }

            rows.Add(fields);
        }

        return rows;
    }
}
