using System.Collections.Frozen;
using System.Text;
using MetaCapi.Events;
using MetaCapi.Normalization;

namespace MetaCapi.Files;

/// <summary>
/// Matches a column header to an event field the way a person reads it: case, spaces and punctuation do not count
/// (<c>E-mail Address</c> = <c>email_address</c>), and the synonyms people really use are known
/// (<c>Files/Data/header-synonyms.tsv</c>). Every field's own name matches too (<c>event_time</c>, <c>user_data.em</c>,
/// <c>em</c>, the user_data aliases, <c>custom_data.value</c>).
/// </summary>
internal static class HeaderSynonyms
{
    private static readonly Lazy<FrozenDictionary<string, EventField>> Table = new(Build);

    /// <summary>The field <paramref name="header"/> stands for, or <see langword="null"/>.</summary>
    public static EventField? Match(string header) =>
        Table.Value.GetValueOrDefault(Normalize(header));

    /// <summary>Lowercase ASCII letters and digits only, other letters lowercased and kept (<c>"Zip/Postal Code"</c> → <c>zippostalcode</c>).</summary>
    public static string Normalize(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(char.ToLowerInvariant(c));
            }
        }

        return text.ToString();
    }

    private static FrozenDictionary<string, EventField> Build()
    {
        var table = new Dictionary<string, EventField>(StringComparer.Ordinal);
        void Add(string name, EventField field)
        {
            var key = Normalize(name);
            if (key.Length > 0 && !table.TryAdd(key, field) && table[key].Path != field.Path)
            {
                throw new InvalidDataException($"header-synonyms.tsv: '{name}' would match both {table[key].Path} and {field.Path}.");
            }
        }

        foreach (var field in EventFields.Known)
        {
            Add(field.Path, field);
            if (field.IsUserData)
            {
                Add(field.Key, field);
            }
        }

        foreach (var (alias, key) in UserDataKeys.Aliases)
        {
            Add(alias, EventFields.Parse(key, out _)!);
        }

        foreach (var row in DataFile.Read("header-synonyms.tsv", 2, typeof(HeaderSynonyms).Assembly))
        {
            var field = EventFields.Parse(row[0], out var error)
                ?? throw new InvalidDataException($"header-synonyms.tsv: {error}");
            Add(row[1], field);
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
