using System.Collections.Frozen;

namespace MetaCapi.Normalization;

/// <summary>ISO 4217 currency codes in use (<c>Data/currencies.tsv</c>), loaded on first use.</summary>
internal static class Currencies
{
    /// <summary>Whether <paramref name="code"/> is an active ISO 4217 code, in any case (<c>usd</c>, <c>EUR</c>).</summary>
    public static bool IsIsoCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 3)
        {
            return false;
        }

        Span<char> upper = stackalloc char[3];
        for (var i = 0; i < 3; i++)
        {
            var c = code[i];
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }

            upper[i] = (char)(c & ~0x20);
        }

        return Holder.Lookup.Contains(upper);
    }

    /// <summary>Every code, uppercase, with its English name.</summary>
    internal static IReadOnlyDictionary<string, string> Names => Holder.Names;

    private static class Holder
    {
        public static readonly FrozenDictionary<string, string> Names = Load();

        public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
            Names.Keys.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        private static FrozenDictionary<string, string> Load()
        {
            var names = new Dictionary<string, string>(200, StringComparer.Ordinal);
            foreach (var row in DataFile.Read("currencies.tsv", 3))
            {
                var code = row[0];
                if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper) || !names.TryAdd(code, row[2]))
                {
                    throw new InvalidDataException($"currencies.tsv: bad or repeated code '{code}'.");
                }
            }

            return names.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}
