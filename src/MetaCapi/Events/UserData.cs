using System.Text.Json.Serialization;

namespace MetaCapi.Events;

/// <summary>
/// Customer information as sent to Meta (<c>user_data</c>): hashed keys carry lists of lowercase SHA-256 hex
/// values (or values the caller hashed already), the other keys carry values as given. Build it with
/// <see cref="Normalization.UserDataNormalizer"/>, which normalizes and hashes raw values.
/// </summary>
public sealed record UserData
{
    /// <summary>Email addresses, hashed.</summary>
    [JsonPropertyName("em")]
    public IReadOnlyList<string>? Em { get; init; }

    /// <summary>Phone numbers with country code, digits only, hashed.</summary>
    [JsonPropertyName("ph")]
    public IReadOnlyList<string>? Ph { get; init; }

    /// <summary>First names, hashed.</summary>
    [JsonPropertyName("fn")]
    public IReadOnlyList<string>? Fn { get; init; }

    /// <summary>Last names, hashed.</summary>
    [JsonPropertyName("ln")]
    public IReadOnlyList<string>? Ln { get; init; }

    /// <summary>Dates of birth as <c>YYYYMMDD</c>, hashed.</summary>
    [JsonPropertyName("db")]
    public IReadOnlyList<string>? Db { get; init; }

    /// <summary>Gender initials <c>f</c> / <c>m</c>, hashed.</summary>
    [JsonPropertyName("ge")]
    public IReadOnlyList<string>? Ge { get; init; }

    /// <summary>Cities, hashed.</summary>
    [JsonPropertyName("ct")]
    public IReadOnlyList<string>? Ct { get; init; }

    /// <summary>States or provinces, hashed.</summary>
    [JsonPropertyName("st")]
    public IReadOnlyList<string>? St { get; init; }

    /// <summary>Postal codes, hashed.</summary>
    [JsonPropertyName("zp")]
    public IReadOnlyList<string>? Zp { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country codes, hashed.</summary>
    [JsonPropertyName("country")]
    public IReadOnlyList<string>? Country { get; init; }

    /// <summary>Advertiser customer IDs, hashed.</summary>
    [JsonPropertyName("external_id")]
    public IReadOnlyList<string>? ExternalId { get; init; }

    /// <summary>The customer's IP address (IPv4 or IPv6), never hashed.</summary>
    [JsonPropertyName("client_ip_address")]
    public string? ClientIpAddress { get; init; }

    /// <summary>The customer's browser user agent, never hashed; required for website events.</summary>
    [JsonPropertyName("client_user_agent")]
    public string? ClientUserAgent { get; init; }

    /// <summary>The click ID (<c>_fbc</c> cookie), never hashed.</summary>
    [JsonPropertyName("fbc")]
    public string? Fbc { get; init; }

    /// <summary>The browser ID (<c>_fbp</c> cookie), never hashed.</summary>
    [JsonPropertyName("fbp")]
    public string? Fbp { get; init; }

    /// <summary>Subscription ID of this transaction.</summary>
    [JsonPropertyName("subscription_id")]
    public string? SubscriptionId { get; init; }

    /// <summary>App-scoped Facebook Login user ID.</summary>
    [JsonPropertyName("fb_login_id")]
    public string? FbLoginId { get; init; }

    /// <summary>Lead Ads lead ID.</summary>
    [JsonPropertyName("lead_id")]
    public string? LeadId { get; init; }

    /// <summary>App install ID (app events).</summary>
    [JsonPropertyName("anon_id")]
    public string? AnonId { get; init; }

    /// <summary>Mobile advertiser ID (app events).</summary>
    [JsonPropertyName("madid")]
    public string? Madid { get; init; }

    /// <summary>Facebook Page ID (business messaging).</summary>
    [JsonPropertyName("page_id")]
    public string? PageId { get; init; }

    /// <summary>Page-scoped user ID (Messenger).</summary>
    [JsonPropertyName("page_scoped_user_id")]
    public string? PageScopedUserId { get; init; }

    /// <summary>Click-to-WhatsApp click ID.</summary>
    [JsonPropertyName("ctwa_clid")]
    public string? CtwaClid { get; init; }

    /// <summary>Instagram business account ID.</summary>
    [JsonPropertyName("ig_account_id")]
    public string? IgAccountId { get; init; }

    /// <summary>Instagram-scoped user ID.</summary>
    [JsonPropertyName("ig_sid")]
    public string? IgSid { get; init; }

    /// <summary>WhatsApp Business account ID.</summary>
    [JsonPropertyName("whatsapp_business_account_id")]
    public string? WhatsappBusinessAccountId { get; init; }

    /// <summary>The keys that carry a value, in the order of Meta's documentation: the hashed keys, then the others (never the values).</summary>
    public IReadOnlyList<string> PresentKeys()
    {
        var keys = new List<string>(8);
        Add(keys, "em", Em);
        Add(keys, "ph", Ph);
        Add(keys, "fn", Fn);
        Add(keys, "ln", Ln);
        Add(keys, "db", Db);
        Add(keys, "ge", Ge);
        Add(keys, "ct", Ct);
        Add(keys, "st", St);
        Add(keys, "zp", Zp);
        Add(keys, "country", Country);
        Add(keys, "external_id", ExternalId);
        Add(keys, "client_ip_address", ClientIpAddress);
        Add(keys, "client_user_agent", ClientUserAgent);
        Add(keys, "fbc", Fbc);
        Add(keys, "fbp", Fbp);
        Add(keys, "subscription_id", SubscriptionId);
        Add(keys, "fb_login_id", FbLoginId);
        Add(keys, "lead_id", LeadId);
        Add(keys, "anon_id", AnonId);
        Add(keys, "madid", Madid);
        Add(keys, "page_id", PageId);
        Add(keys, "page_scoped_user_id", PageScopedUserId);
        Add(keys, "ctwa_clid", CtwaClid);
        Add(keys, "ig_account_id", IgAccountId);
        Add(keys, "ig_sid", IgSid);
        Add(keys, "whatsapp_business_account_id", WhatsappBusinessAccountId);
        return keys;
    }

    private static void Add(List<string> keys, string key, IReadOnlyList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            keys.Add(key);
        }
    }

    private static void Add(List<string> keys, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            keys.Add(key);
        }
    }
}
