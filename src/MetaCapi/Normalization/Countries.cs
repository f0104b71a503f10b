using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace MetaCapi.Normalization;

/// <summary>
/// ISO 3166-1 countries (<c>Data/countries.tsv</c>, <c>Data/country-aliases.tsv</c>): alpha-2 validation and the
/// reading of alpha-3 codes and English country names. Loaded on first use.
/// </summary>
public static class Countries
{
    /// <summary>Longest name, in ASCII letters, worth looking up; longer input cannot be a country.</summary>
    private const int MaxKeyLength = 96;

    /// <summary>Whether <paramref name="code"/> is an ISO 3166-1 alpha-2 code, in any case (<c>us</c>, <c>GB</c>).</summary>
    public static bool IsIsoCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == 2 && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1])
            && Lookup(code, out _) == CountryMatch.Code;
    }

    /// <summary>
    /// Reads <paramref name="value"/> as the <c>country</c> rule of SPEC §4.3 does: only its ASCII letters count;
    /// two letters must be an ISO 3166-1 alpha-2 code (<c>UK</c> is read as <c>gb</c>); longer input may be an
    /// alpha-3 code or an English name or alias (<c>DEU</c>, <c>United States</c>, <c>Great Britain</c>).
    /// </summary>
    /// <param name="value">A country code or name.</param>
    /// <param name="code">The lowercase alpha-2 code, e.g. <c>us</c>.</param>
    /// <returns>Whether the value names a country.</returns>
    public static bool TryNormalize(string value, [NotNullWhen(true)] out string? code)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Lookup(value, out code) != CountryMatch.None;
    }

    /// <summary>Every alpha-2 code, lowercase.</summary>
    internal static IReadOnlyCollection<string> Codes => Holder.Table.ByCode.Keys;

    /// <summary>
    /// Reads <paramref name="value"/> (its ASCII letters) as a country; <paramref name="code"/> is the interned
    /// lowercase alpha-2 code when found.
    /// </summary>
    internal static CountryMatch Lookup(ReadOnlySpan<char> value, out string? code)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        var length = AsciiLetters.Keep(value, key);
        code = null;
        if (length < 2)
        {
            return CountryMatch.None;
        }

        var table = Holder.Table;
        if (length == 2)
        {
            if (key[0] == 'u' && key[1] == 'k')
            {
                code = table.UnitedKingdom;
                return CountryMatch.UnitedKingdomAsUk;
            }

            return table.ByCodeLookup.TryGetValue(key[..2], out code) ? CountryMatch.Code : CountryMatch.None;
        }

        return table.ByNameLookup.TryGetValue(key[..length], out code) ? CountryMatch.Name : CountryMatch.None;
    }

    private static class Holder
    {
        public static readonly CountryTable Table = CountryTable.Load();
    }

    private sealed class CountryTable
    {
        private CountryTable(FrozenDictionary<string, string> byCode, FrozenDictionary<string, string> byName)
        {
            ByCode = byCode;
            ByName = byName;
            ByCodeLookup = byCode.GetAlternateLookup<ReadOnlySpan<char>>();
            ByNameLookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();
            UnitedKingdom = byCode["gb"];
        }

        public FrozenDictionary<string, string> ByCode { get; }

        public FrozenDictionary<string, string> ByName { get; }

        public FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByCodeLookup { get; }

        public FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByNameLookup { get; }

        public string UnitedKingdom { get; }

        public static CountryTable Load()
        {
            var byCode = new Dictionary<string, string>(256, StringComparer.Ordinal);
            var byName = new Dictionary<string, string>(1024, StringComparer.Ordinal);
            foreach (var row in DataFile.Read("countries.tsv", 3))
            {
                var code = row[0].ToLowerInvariant();
                if (code.Length != 2 || row[1].Length != 3 || !byCode.TryAdd(code, code))
                {
                    throw new InvalidDataException($"countries.tsv: bad or repeated code '{row[0]}'.");
                }

                AddName(byName, row[1], code, "countries.tsv");
                AddName(byName, row[2], code, "countries.tsv");
            }

            foreach (var row in DataFile.Read("country-aliases.tsv", 2))
            {
                if (!byCode.TryGetValue(row[1].ToLowerInvariant(), out var code))
                {
                    throw new InvalidDataException($"country-aliases.tsv: '{row[1]}' is not a code of countries.tsv.");
                }

                AddName(byName, row[0], code, "country-aliases.tsv");
            }

            return new CountryTable(byCode.ToFrozenDictionary(StringComparer.Ordinal), byName.ToFrozenDictionary(StringComparer.Ordinal));
        }

        private static void AddName(Dictionary<string, string> byName, string name, string code, string file)
        {
            foreach (var key in AsciiLetters.TableKeys(name))
            {
                if (key.Length is < 3 or > MaxKeyLength)
                {
                    throw new InvalidDataException($"{file}: '{name}' must have 3 to {MaxKeyLength} ASCII letters.");
                }

                if (byName.TryGetValue(key, out var existing) && !ReferenceEquals(existing, code))
                {
                    throw new InvalidDataException($"{file}: '{name}' is ambiguous ({existing} and {code}).");
                }

                byName[key] = code;
            }
        }
    }
}

/// <summary>How <see cref="Countries.Lookup"/> read a value.</summary>
internal enum CountryMatch
{
    /// <summary>Not a country.</summary>
    None,

    /// <summary>An ISO 3166-1 alpha-2 code.</summary>
    Code,

    /// <summary><c>UK</c>, which is not ISO; read as <c>gb</c>.</summary>
    UnitedKingdomAsUk,

    /// <summary>An alpha-3 code or an English name or alias.</summary>
    Name,
}
