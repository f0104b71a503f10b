using System.Runtime.CompilerServices;
using MetaCapi.Events;
using MetaCapi.Validation;

namespace MetaCapi.Normalization;

/// <summary>One raw <c>user_data</c> value as the caller gave it, with the path its problems are reported at.</summary>
/// <param name="Key">Meta's key (aliases already resolved), e.g. <c>ph</c>.</param>
/// <param name="Value">The raw value, e.g. <c>+44 (0)20 7946 0958</c>.</param>
/// <param name="Path">Where it came from: <c>user_data.ph</c> for a string, <c>user_data.ph[1]</c> for an array item.</param>
internal readonly record struct UserDataValue(string Key, string Value, string Path);

/// <summary>
/// Normalizes and hashes raw customer information into the <see cref="UserData"/> Meta receives (docs/normalization.md).
/// Hashed keys: trim (as JavaScript does), pass pre-hashed values through, NFC and lowercase (as JavaScript does),
/// apply the key's rule, SHA-256. Other keys are checked where Meta defines a format and sent as given after
/// trimming. A value that is dropped or read with an assumption becomes a warning at its path; no warning ever
/// contains the value. Thread-safe: one instance serves concurrent calls.
/// </summary>
internal sealed class UserDataNormalizer
{
    private const string DuplicatePlainValue = "This key takes a single value; only the first valid one was sent.";
    private const string UnknownKey = "Not a user_data key Meta accepts; the value was dropped.";

    private readonly TimeProvider _timeProvider;
    private readonly string? _defaultRegion;

    /// <summary>Creates a normalizer.</summary>
    /// <param name="timeProvider">"Now", for the date-of-birth rule.</param>
    /// <param name="defaultCountry">ISO 3166-1 alpha-2 region for phones without country code when no <c>country</c> is given.</param>
    /// <exception cref="ArgumentException"><paramref name="defaultCountry"/> is not an ISO 3166-1 alpha-2 code.</exception>
    public UserDataNormalizer(TimeProvider timeProvider, string? defaultCountry = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        if (!string.IsNullOrWhiteSpace(defaultCountry))
        {
            var code = defaultCountry.Trim();
            if (!Countries.IsIsoCode(code))
            {
                throw new ArgumentException("The default country must be an ISO 3166-1 alpha-2 code, e.g. US or GB.", nameof(defaultCountry));
            }

            _defaultRegion = code.ToUpperInvariant();
        }
    }

    /// <summary>Normalizes and hashes <paramref name="values"/>; dropped or rewritten values become warnings.</summary>
    /// <param name="values">The raw values in input order; array items come one by one, each with its own path.</param>
    /// <param name="diagnostics">Where warnings go, at each value's <see cref="UserDataValue.Path"/>.</param>
    /// <returns>
    /// The user data to send: hashed keys as lists in input order without duplicates (after hashing), absent when
    /// nothing is left; other keys as given after trimming.
    /// </returns>
    public UserData Normalize(IReadOnlyList<UserDataValue> values, Diagnostics diagnostics) => Normalize(values, diagnostics, null);

    /// <summary>
    /// <see cref="Normalize(IReadOnlyList{UserDataValue}, Diagnostics)"/>, taking the hashes of repeated values from
    /// <paramref name="memo"/> (and adding new ones) when given: the same result either way.
    /// </summary>
    internal UserData Normalize(IReadOnlyList<UserDataValue> values, Diagnostics diagnostics, HashMemo? memo)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var country = FirstCountry(values);
        var context = new Context(
            country,
            country is null ? _defaultRegion : country.ToUpperInvariant(),
            DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime));
        var hashed = default(HashedValues);
        var seen = default(HashedSeen);
        var plain = default(PlainValues);

        for (var i = 0; i < values.Count; i++)
        {
            var item = values[i];
            var key = item.Key ?? string.Empty;
            var path = item.Path ?? "user_data";
            var hashedIndex = HashedIndex(key);
            if (hashedIndex >= 0)
            {
                var raw = item.Value ?? string.Empty;
                string? hash;
                string? warning;
                if (memo is null || !HashMemo.Keeps(hashedIndex))
                {
                    hash = NormalizeHashed(hashedIndex, raw, context, out warning);
                }
                else if (!memo.TryGet(hashedIndex, raw, context.Country, context.Region, context.Today, out hash, out warning))
                {
                    hash = NormalizeHashed(hashedIndex, raw, context, out warning);
                    memo.Add(hashedIndex, raw, context.Country, context.Region, context.Today, hash, warning);
                }

                if (warning is not null)
                {
                    diagnostics.Warning(path, warning);
                }

                if (hash is not null)
                {
                    AddDistinct(ref hashed[hashedIndex], ref seen[hashedIndex], hash);
                }

                continue;
            }

            var plainIndex = PlainIndex(key);
            if (plainIndex < 0)
            {
                diagnostics.Warning(path, UnknownKey);
                continue;
            }

            var value = JsText.Trim(item.Value ?? string.Empty);
            if (value.Length == 0)
            {
                continue;
            }

            var result = plainIndex switch
            {
                ClientIpAddress => IpAddressRule.Normalize(value),
                Fbc => CookieRule.NormalizeFbc(value),
                Fbp => CookieRule.NormalizeFbp(value),
                _ => RuleResult.Accepted(value),
            };
            if (result.Warning is not null)
            {
                diagnostics.Warning(path, result.Warning);
            }

            if (result.Value is null)
            {
                continue;
            }

            if (plain[plainIndex] is null)
            {
                plain[plainIndex] = result.Value;
            }
            else
            {
                diagnostics.Warning(path, DuplicatePlainValue);
            }
        }

        return new UserData
        {
            Em = hashed[0],
            Ph = hashed[1],
            Fn = hashed[2],
            Ln = hashed[3],
            Db = hashed[4],
            Ge = hashed[5],
            Ct = hashed[6],
            St = hashed[7],
            Zp = hashed[8],
            Country = hashed[9],
            ExternalId = hashed[10],
            ClientIpAddress = plain[ClientIpAddress],
            ClientUserAgent = plain[1],
            Fbc = plain[Fbc],
            Fbp = plain[Fbp],
            SubscriptionId = plain[4],
            FbLoginId = plain[5],
            LeadId = plain[6],
            AnonId = plain[7],
            Madid = plain[8],
            PageId = plain[9],
            PageScopedUserId = plain[10],
            CtwaClid = plain[11],
            IgAccountId = plain[12],
            IgSid = plain[13],
            WhatsappBusinessAccountId = plain[14],
        };
    }

    /// <summary>
    /// The hash to send for one value of a hashed key (docs/normalization.md#the-steps-for-every-hashed-value), or null when it is empty or dropped;
    /// <paramref name="warning"/> says why it was dropped or what was assumed.
    /// </summary>
    private static string? NormalizeHashed(int keyIndex, string raw, in Context context, out string? warning)
    {
        warning = null;
        var trimmed = JsText.Trim(raw);
        if (trimmed.Length == 0)
        {
            return null;
        }

        var preHashed = PreHashed.PassThrough(trimmed);
        if (preHashed is not null)
        {
            return preHashed;
        }

        var text = JsText.NfcLower(trimmed);
        var result = keyIndex switch
        {
            0 => EmailRule.Normalize(text),
            1 => PhoneRule.Normalize(text, context.Region),
            2 or 3 => NameRule.Normalize(text),
            4 => DateOfBirthRule.Normalize(text, context.Today),
            5 => GenderRule.Normalize(text),
            6 => CityRule.Normalize(text),
            7 => StateRule.Normalize(text),
            8 => PostalCodeRule.Normalize(text, context.Country),
            9 => CountryRule.Normalize(text),
            _ => ExternalIdRule.Normalize(text),
        };
        warning = result.Warning;
        return string.IsNullOrEmpty(result.Value) ? null : Sha256Hex.Of(result.Value);
    }

    /// <summary>
    /// The first <c>country</c> value that reads as a country, lowercase alpha-2: the region for <c>ph</c> and the
    /// country for <c>zp</c>. Pre-hashed countries tell nothing and are skipped.
    /// </summary>
    private static string? FirstCountry(IReadOnlyList<UserDataValue> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var item = values[i];
            if (!string.Equals(item.Key, "country", StringComparison.Ordinal) || item.Value is null)
            {
                continue;
            }

            var trimmed = JsText.Trim(item.Value);
            if (trimmed.Length == 0 || PreHashed.PassThrough(trimmed) is not null)
            {
                continue;
            }

            var code = CountryRule.Normalize(JsText.NfcLower(trimmed)).Value;
            if (code is not null)
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>
    /// Adds <paramref name="hash"/> unless present, in linear time: one value (the usual case) is kept as a one-element
    /// array, a few are compared one by one, and past <see cref="CompareLimit"/> a set remembers them.
    /// </summary>
    private static void AddDistinct(ref IReadOnlyList<string>? values, ref HashSet<string>? seen, string hash)
    {
        if (values is null)
        {
            values = new[] { hash };
            return;
        }

        if (seen is not null)
        {
            if (seen.Add(hash))
            {
                ((List<string>)values).Add(hash);
            }

            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], hash, StringComparison.Ordinal))
            {
                return;
            }
        }

        var list = values as List<string> ?? new List<string>(values);
        list.Add(hash);
        values = list;
        if (list.Count > CompareLimit)
        {
            seen = new HashSet<string>(list, StringComparer.Ordinal);
        }
    }

    /// <summary>Up to this many values of one key are compared one by one; more are looked up in a set.</summary>
    private const int CompareLimit = 8;

    private const int HashedKeyCount = 11;
    private const int PlainKeyCount = 15;
    private const int ClientIpAddress = 0;
    private const int Fbc = 2;
    private const int Fbp = 3;

    /// <summary>The position of <paramref name="key"/> in <see cref="UserDataKeys.Hashed"/>, or -1.</summary>
    private static int HashedIndex(string key) => key switch
    {
        "em" => 0,
        "ph" => 1,
        "fn" => 2,
        "ln" => 3,
        "db" => 4,
        "ge" => 5,
        "ct" => 6,
        "st" => 7,
        "zp" => 8,
        "country" => 9,
        "external_id" => 10,
        _ => -1,
    };

    /// <summary>The position of <paramref name="key"/> in <see cref="UserDataKeys.Plain"/>, or -1.</summary>
    private static int PlainIndex(string key) => key switch
    {
        "client_ip_address" => ClientIpAddress,
        "client_user_agent" => 1,
        "fbc" => Fbc,
        "fbp" => Fbp,
        "subscription_id" => 4,
        "fb_login_id" => 5,
        "lead_id" => 6,
        "anon_id" => 7,
        "madid" => 8,
        "page_id" => 9,
        "page_scoped_user_id" => 10,
        "ctwa_clid" => 11,
        "ig_account_id" => 12,
        "ig_sid" => 13,
        "whatsapp_business_account_id" => 14,
        _ => -1,
    };

    /// <summary>The values of the hashed keys, by position in <see cref="UserDataKeys.Hashed"/>, kept on the stack while normalizing.</summary>
    [InlineArray(HashedKeyCount)]
    private struct HashedValues
    {
        private IReadOnlyList<string>? _first;
    }

    /// <summary>The values of each hashed key seen so far, once a key has more than <see cref="CompareLimit"/>.</summary>
    [InlineArray(HashedKeyCount)]
    private struct HashedSeen
    {
        private HashSet<string>? _first;
    }

    /// <summary>The values of the other keys, by position in <see cref="UserDataKeys.Plain"/>.</summary>
    [InlineArray(PlainKeyCount)]
    private struct PlainValues
    {
        private string? _first;
    }

    /// <summary>What the rules need to know about the whole event.</summary>
    /// <param name="Country">The event's country (lowercase alpha-2), or null.</param>
    /// <param name="Region">The phone region (UPPERCASE alpha-2): the event's country, else the default, else null.</param>
    /// <param name="Today">Today, UTC.</param>
    private readonly record struct Context(string? Country, string? Region, DateOnly Today);
}

