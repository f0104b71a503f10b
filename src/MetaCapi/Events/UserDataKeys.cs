using System.Collections.Frozen;

namespace MetaCapi.Events;

/// <summary>
/// Meta's <c>user_data</c> keys, the one place that says which are hashed, which are sent as given, and which
/// friendly aliases are accepted.
/// </summary>
internal static class UserDataKeys
{
    /// <summary>Keys whose values are normalized and SHA-256 hashed (a string or an array of strings).</summary>
    public static IReadOnlyList<string> Hashed { get; } =
        ["em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id"];

    /// <summary>Keys sent as given after trimming, never hashed (a single string).</summary>
    public static IReadOnlyList<string> Plain { get; } =
    [
        "client_ip_address", "client_user_agent", "fbc", "fbp", "subscription_id", "fb_login_id", "lead_id",
        "anon_id", "madid", "page_id", "page_scoped_user_id", "ctwa_clid", "ig_account_id", "ig_sid",
        "whatsapp_business_account_id",
    ];

    /// <summary>Every accepted key, hashed first.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Hashed, .. Plain];

    /// <summary>Friendly names accepted for Meta's keys; using one is reported as a warning.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["email"] = "em",
        ["phone"] = "ph",
        ["first_name"] = "fn",
        ["last_name"] = "ln",
        ["date_of_birth"] = "db",
        ["gender"] = "ge",
        ["city"] = "ct",
        ["state"] = "st",
        ["zip"] = "zp",
        ["zip_code"] = "zp",
        ["postal_code"] = "zp",
        ["ip"] = "client_ip_address",
        ["ip_address"] = "client_ip_address",
        ["user_agent"] = "client_user_agent",
    };

    private static readonly FrozenSet<string> HashedSet = Hashed.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> PlainSet = Plain.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="key"/> is one of Meta's hashed keys.</summary>
    public static bool IsHashed(string key) => HashedSet.Contains(key);

    /// <summary>Whether <paramref name="key"/> is one of Meta's keys sent as given.</summary>
    public static bool IsPlain(string key) => PlainSet.Contains(key);

    /// <summary>Whether <paramref name="key"/> is one of Meta's keys (not an alias).</summary>
    public static bool IsKnown(string key) => HashedSet.Contains(key) || PlainSet.Contains(key);
}
