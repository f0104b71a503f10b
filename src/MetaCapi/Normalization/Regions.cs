using System.Collections.Frozen;

namespace MetaCapi.Normalization;

/// <summary>
/// US states, DC and territories, and Canadian provinces and territories (<c>Data/regions.tsv</c>): full name →
/// 2-letter code, for the <c>st</c> rule. Loaded on first use.
/// </summary>
internal static class Regions
{
    /// <summary>The lowercase 2-letter code of the region whose name, in ASCII letters, is exactly <paramref name="letters"/>.</summary>
    public static bool TryGetCode(ReadOnlySpan<char> letters, out string? code) => Holder.Lookup.TryGetValue(letters, out code);

    /// <summary>Every name key (lowercase ASCII letters) and its code.</summary>
    internal static IReadOnlyDictionary<string, string> ByName => Holder.ByName;

    private static class Holder
    {
        public static readonly FrozenDictionary<string, string> ByName = Load();

        public static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
            ByName.GetAlternateLookup<ReadOnlySpan<char>>();

        private static FrozenDictionary<string, string> Load()
        {
            var byName = new Dictionary<string, string>(128, StringComparer.Ordinal);
            var codes = new Dictionary<string, string>(128, StringComparer.Ordinal);
            foreach (var row in DataFile.Read("regions.tsv", 3))
            {
                var country = row[0];
                if (country is not ("US" or "CA") || row[1].Length != 2)
                {
                    throw new InvalidDataException($"regions.tsv: bad row '{row[0]} {row[1]}'.");
                }

                var lower = row[1].ToLowerInvariant();
                if (!codes.TryGetValue(lower, out var code))
                {
                    code = lower;
                    codes.Add(lower, code);
                }

                foreach (var key in AsciiLetters.TableKeys(row[2]))
                {
                    if (key.Length <= 2 || (byName.TryGetValue(key, out var existing) && !ReferenceEquals(existing, code)))
                    {
                        throw new InvalidDataException($"regions.tsv: '{row[2]}' is too short or ambiguous.");
                    }

                    byName[key] = code;
                }
            }

            return byName.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}
