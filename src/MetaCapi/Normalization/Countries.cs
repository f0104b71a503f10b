using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace MetaCapi.Normalization;

/// <summary>
/// ISO 3166-1 countries (<c>Data/countries.tsv</c>, <c>Data/country-aliases.tsv</c>): alpha-2 validation and the
/// reading of alpha-3 codes and English country names. Loaded on first use.
/// </summary>
internal static class Countries
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
    /// Reads <paramref name="value"/> as the <c>country</c> rule does (docs/normalization.md#country): only its ASCII letters count;
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
    internal static IReadOnlyCollection<string> Codes => CodeHolder.Table.All;

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

        if (length == 2)
        {
            if (key[0] == 'u' && key[1] == 'k')
            {
                code = CodeHolder.Table.UnitedKingdom;
                return CountryMatch.UnitedKingdomAsUk;
            }

            code = CodeHolder.Table.Find(key[0], key[1]);
            return code is null ? CountryMatch.None : CountryMatch.Code;
        }

        return NameHolder.Lookup.TryGetValue(key[..length], out code) ? CountryMatch.Name : CountryMatch.None;
    }

    private static class CodeHolder
    {
        public static readonly CodeTable Table = CodeTable.Load();
    }

    private static class NameHolder
    {
        public static readonly FrozenDictionary<string, string> ByName = LoadNames(CodeHolder.Table);

        public static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
            ByName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The alpha-2 codes, one slot per pair of letters: cheap to build, so validating a code loads no names.</summary>
    private sealed class CodeTable
    {
        private readonly string?[] _codes;

        private CodeTable(string?[] codes, IReadOnlyList<string[]> rows)
        {
            _codes = codes;
            Rows = rows;
            UnitedKingdom = Find('g', 'b')!;
        }

        /// <summary>The rows of countries.tsv (alpha-2, alpha-3, name), kept for the name table.</summary>
        public IReadOnlyList<string[]> Rows { get; }

        public string UnitedKingdom { get; }

        public IReadOnlyCollection<string> All
        {
            get
            {
                var all = new List<string>(Rows.Count);
                foreach (var code in _codes)
                {
                    if (code is not null)
                    {
                        all.Add(code);
                    }
                }

                return all;
            }
        }

        /// <summary>The interned code for two lowercase ASCII letters, or null.</summary>
        public string? Find(char first, char second) => _codes[((first - 'a') * 26) + (second - 'a')];

        public static CodeTable Load()
        {
            var rows = DataFile.Read("countries.tsv", 3);
            var codes = new string?[26 * 26];
            foreach (var row in rows)
            {
                var code = row[0].ToLowerInvariant();
                if (code.Length != 2 || !char.IsAsciiLetterLower(code[0]) || !char.IsAsciiLetterLower(code[1]) || row[1].Length != 3)
                {
                    throw new InvalidDataException($"countries.tsv: bad code '{row[0]}'.");
                }

                ref var slot = ref codes[((code[0] - 'a') * 26) + (code[1] - 'a')];
                if (slot is not null)
                {
                    throw new InvalidDataException($"countries.tsv: repeated code '{row[0]}'.");
                }

                slot = code;
            }

            return new CodeTable(codes, rows);
        }
    }

    /// <summary>Alpha-3 codes, short names and aliases, as lowercase ASCII letters → interned alpha-2 code.</summary>
    private static FrozenDictionary<string, string> LoadNames(CodeTable codes)
    {
        var byName = new Dictionary<string, string>(1024, StringComparer.Ordinal);
        foreach (var row in codes.Rows)
        {
            var code = codes.Find(char.ToLowerInvariant(row[0][0]), char.ToLowerInvariant(row[0][1]))!;
            AddName(byName, row[1], code, "countries.tsv");
            AddName(byName, row[2], code, "countries.tsv");
        }

        foreach (var row in DataFile.Read("country-aliases.tsv", 2))
        {
            var alias = row[1];
            var code = alias.Length == 2 && char.IsAsciiLetter(alias[0]) && char.IsAsciiLetter(alias[1])
                ? codes.Find(char.ToLowerInvariant(alias[0]), char.ToLowerInvariant(alias[1]))
                : null;
            AddName(byName, row[0], code ?? throw new InvalidDataException($"country-aliases.tsv: '{alias}' is not a code of countries.tsv."), "country-aliases.tsv");
        }

        return byName.ToFrozenDictionary(StringComparer.Ordinal);
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
