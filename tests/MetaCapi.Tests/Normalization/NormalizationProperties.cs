using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Json;
using MetaCapi.Normalization;
using MetaCapi.Validation;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary>
/// Properties of docs/normalization.md over generated raw customer data (emails, phones, dates, names, hashes, odd Unicode and
/// white space, control characters): what a hashed key carries, that the same input always gives the same hash,
/// and that no raw value reaches the payload. A failure prints the CsCheck seed; rerun with <c>CsCheck_Seed=…</c>.
/// </summary>
public sealed partial class NormalizationProperties
{
    private const int Cases = 1000;

    private static readonly string[] HashedKeys = [.. UserDataKeys.Hashed];

    /// <summary>Letters that are not hex digits, so a marker can never appear inside a hash by chance.</summary>
    private static readonly Gen<string> Marker = Gen.Char["ghijkmnpqrstuvwxyz"].Array[6, 9].Select(chars => new string(chars));

    private static readonly Gen<string> Padding = Gen.OneOf("", "", " ", "  ", "\u00A0", "\uFEFF", "\t", "\r\n", "\u3000");

    private static readonly Gen<string> Oddity = Gen.OneOf(
        "", "", "İ", "ı", "ς", "Σ", "e\u0301", "ß", "\u200B", "😀", "\uFFFE", "\uFFFF", "\u0000", "\u001B", "Å", "ﬃ", "\uD800", "\uDC00",
        "-", "'", ".", "+", "@", " ", "٤", "Ａ");

    private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 16].Select(chars => new string(chars));

    private static readonly Gen<string> Hex64 = Gen.Char["0123456789abcdefABCDEF"].Array[64].Select(chars => new string(chars));

    /// <summary>Raw values shaped like every kind of customer data, valid or not, most of them carrying a marker.</summary>
    private static readonly Gen<string> RawValue = Gen.Frequency(
        (4, Gen.Select(Padding, Marker, Marker, Oddity, Padding, Gen.Bool,
            (before, local, domain, odd, after, upper) => before + (upper ? local.ToUpperInvariant() : local) + odd + "@" + domain + ".com" + after)),
        (4, Gen.Select(Padding, Marker, Oddity, Marker, Padding, (before, a, odd, b, after) => before + a + odd + b + after)),
        (3, Gen.Select(Gen.OneOf("+", "00", "", "(", "+1 ("), Digits, Gen.OneOf(" ", "-", ".", ") ", ""), Digits,
            (prefix, a, separator, b) => prefix + a + separator + b)),
        (2, Gen.Select(Gen.Int[1, 2100], Gen.Int[0, 13], Gen.Int[0, 32], Gen.OneOf("-", "/", ".", " ", ""), Gen.Bool,
            (year, month, day, separator, yearFirst) => yearFirst
                ? $"{year:D4}{separator}{month:D2}{separator}{day:D2}"
                : $"{month:D2}{separator}{day:D2}{separator}{year:D4}")),
        (2, Gen.OneOf("female", "Male", " F ", "woman", "ma'am", "United States", "uk", "Germany", "Deutschland", "California",
            "New York", "Ontario", "94035-1234", "M1 1AE", "San Francisco", "Saint-Étienne", "O'Brien", "Mary-Jane", "José")),
        (2, Gen.Select(Hex64, Gen.OneOf("", "", ".AQ", ".AbCd_-12", ".x", ".toolong12"), (hex, suffix) => hex + suffix)),
        (1, Hex64.Select(hex => hex[..32])),
        (2, Gen.Select(Gen.Char['\u0000', '\uFFFF'].Array[0, 12], Marker, (chars, marker) => new string(chars) + marker)));

    /// <summary>One to twelve raw values for hashed keys; a key given twice reads as an array.</summary>
    private static readonly Gen<List<UserDataValue>> RawUserData =
        Gen.Select(Gen.OneOf(HashedKeys), RawValue).Array[1, 12].Select(items =>
        {
            var values = new List<UserDataValue>(items.Length);
            foreach (var group in items.GroupBy(item => item.Item1))
            {
                var index = 0;
                foreach (var (key, value) in group)
                {
                    values.Add(new UserDataValue(key, value, group.Count() == 1 ? $"user_data.{key}" : $"user_data.{key}[{index++}]"));
                }
            }

            return values;
        });

    [Fact]
    public void A_hashed_key_carries_only_sha256_hex_or_a_suffixed_hash_passed_through_as_given() =>
        RawUserData.Sample(values =>
        {
            var (data, _) = Run(values, "GB");
            foreach (var (key, hashes) in HashedLists(data))
            {
                foreach (var hash in hashes)
                {
                    if (!Sha256Hex().IsMatch(hash))
                    {
                        Assert.Matches(SuffixedHash(), hash);
                        Assert.Contains(values, v => v.Key == key && JsText.Trim(v.Value) == hash);
                    }
                }
            }
        }, iter: Cases, print: Print);

    [Fact]
    public void Normalizing_is_stable_the_same_input_gives_the_same_hash_whatever_the_culture_or_instance() =>
        RawUserData.Sample(values =>
        {
            var first = Serialize(Run(values, "GB").Data);
            var previous = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
                Assert.Equal(first, Serialize(Run(values, "GB").Data));
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }, iter: Cases, print: Print);

    [Fact]
    public void A_value_gets_the_same_hash_alone_as_among_other_values() =>
        RawUserData.Sample(values =>
        {
            var together = HashedLists(Run(values, "GB").Data);

            // The country values stay in every run: they decide how phones and postal codes read.
            var countries = values.Where(v => v.Key == "country").ToList();
            foreach (var value in values.Where(v => v.Key != "country"))
            {
                foreach (var (key, hashes) in HashedLists(Run([.. countries, value], "GB").Data))
                {
                    Assert.Subset(together[key].ToHashSet(), hashes.ToHashSet());
                }
            }
        }, iter: Cases / 2, print: Print);

    [Fact]
    public void Normalizing_the_output_again_changes_nothing() =>
        RawUserData.Sample(values =>
        {
            var once = Run(values, "GB").Data;
            var again = HashedLists(once)
                .SelectMany(pair => pair.Value.Select((hash, i) => new UserDataValue(pair.Key, hash, $"user_data.{pair.Key}[{i}]")))
                .ToList();
            Assert.Equal(Serialize(once), Serialize(Run(again, "GB").Data));
        }, iter: Cases, print: Print);

    [Fact]
    public void No_raw_value_reaches_the_payload_or_a_warning() =>
        RawUserData.Sample(values =>
        {
            var diagnostics = new Diagnostics();
            var input = new EventInput
            {
                EventName = "Lead",
                EventTime = Now.ToUnixTimeSeconds() - 60,
                ActionSource = "system_generated",
                UserData = [.. values, new UserDataValue("client_ip_address", "203.0.113.9", "user_data.client_ip_address")],
            };
            var serverEvent = new EventPreparer(Clock(), "GB").Prepare(input, diagnostics);
            Assert.NotNull(serverEvent);
            var wire = JsonSerializer.Serialize(new EventRequest { Data = [serverEvent] }, MetaCapiJsonContext.Default.EventRequest);
            var sent = StringsIn(wire);
            var messages = string.Join("\n", diagnostics.All.Select(d => d.Message));

            foreach (var raw in values.Select(v => JsText.Trim(v.Value)).Where(IsRecognizable))
            {
                Assert.DoesNotContain(sent, s => s.Contains(raw, StringComparison.OrdinalIgnoreCase));
            }

            foreach (var marker in values.SelectMany(v => MarkerLike().Matches(v.Value)).Select(m => m.Value))
            {
                Assert.DoesNotContain(marker, wire, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(marker, messages, StringComparison.OrdinalIgnoreCase);
            }
        }, iter: Cases, print: Print);

    /// <summary>
    /// A raw value the payload could only contain by leaking it: at least 4 characters, not a hash passed through by
    /// design, and not made only of hex digits (which may occur inside a hash by chance) unless long.
    /// </summary>
    private static bool IsRecognizable(string raw) =>
        raw.Length >= 4
        && !Sha256Hex().IsMatch(raw.ToLowerInvariant())
        && !SuffixedHash().IsMatch(raw)
        && (raw.Length >= 16 || raw.Any(c => !char.IsAsciiHexDigit(c)))
        && !"203.0.113.9 Lead system_generated".Contains(raw, StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, IReadOnlyList<string>> HashedLists(UserData data)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>?>
        {
            ["em"] = data.Em, ["ph"] = data.Ph, ["fn"] = data.Fn, ["ln"] = data.Ln, ["db"] = data.Db, ["ge"] = data.Ge,
            ["ct"] = data.Ct, ["st"] = data.St, ["zp"] = data.Zp, ["country"] = data.Country, ["external_id"] = data.ExternalId,
        };
        return lists.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value!);
    }

    private static string Serialize(UserData data) => JsonSerializer.Serialize(data, MetaCapiJsonContext.Default.UserData);

    /// <summary>Every string in <paramref name="json"/>, property names included, unescaped.</summary>
    private static List<string> StringsIn(string json)
    {
        var strings = new List<string>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                strings.Add(reader.GetString()!);
            }
        }

        return strings;
    }

    /// <summary>The values with everything outside printable ASCII escaped, so a failure report shows exactly what was generated.</summary>
    private static string Print(List<UserDataValue> values) =>
        string.Join(", ", values.Select(v => $"{v.Path}=\"{string.Concat(v.Value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"))}\""));

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex("^[0-9a-fA-F]{64}\\.([A-Za-z0-9_-]{2}|[A-Za-z0-9_-]{8})$")]
    private static partial Regex SuffixedHash();

    /// <summary>The generated markers: runs of six or more of the non-hex letters they are made of.</summary>
    [GeneratedRegex("[ghijkmnpqrstuvwxyz]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerLike();
}
