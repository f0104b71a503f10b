using System.Globalization;
using MetaCapi.Normalization;

namespace MetaCapi.Events;

/// <summary>
/// Customer information for one event (Meta's <c>user_data</c>), RAW, as your system has it: the client normalizes
/// and SHA-256 hashes every value of the hashed fields exactly as Meta asks (see docs/normalization.md), so never hash
/// them yourself (a value that is already a SHA-256 hash is sent as it is). Give every identifier you have: email,
/// phone, the <c>_fbc</c> and <c>_fbp</c> cookies, your customer ID, and the client IP address with the user agent
/// matter most.
/// </summary>
/// <remarks>
/// Hashed fields take one value or several (<see cref="CustomerValues"/>); the other fields take one value and are sent
/// as given after trimming. Problems are reported at Meta's path of the value (<c>user_data.em</c>,
/// <c>user_data.ph[1]</c>), and no report ever contains a value. <see cref="ToString"/> lists the fields given, never
/// their values.
/// </remarks>
public sealed record CustomerInformation
{
    /// <summary>Email addresses (<c>em</c>), hashed: <c>Jane.Doe@Example.com</c>.</summary>
    public CustomerValues Email { get; init; }

    /// <summary>
    /// Phone numbers (<c>ph</c>), hashed in E.164 form: <c>+1 (650) 555-1212</c>, or a national number completed from
    /// <see cref="Country"/> or <see cref="Graph.ConversionsApiOptions.DefaultCountry"/>.
    /// </summary>
    public CustomerValues Phone { get; init; }

    /// <summary>First names (<c>fn</c>), hashed: <c>Mary-Jane</c>.</summary>
    public CustomerValues FirstName { get; init; }

    /// <summary>Last names (<c>ln</c>), hashed: <c>O'Brien</c>.</summary>
    public CustomerValues LastName { get; init; }

    /// <summary>Dates of birth (<c>db</c>), hashed as <c>YYYYMMDD</c>; write them <c>1997-02-16</c> to avoid any doubt about the order.</summary>
    public CustomerValues DateOfBirth { get; init; }

    /// <summary>Genders (<c>ge</c>), hashed as <c>f</c> or <c>m</c>: <c>f</c>, <c>Female</c>, <c>m</c>, <c>Male</c>.</summary>
    public CustomerValues Gender { get; init; }

    /// <summary>Cities (<c>ct</c>), hashed: <c>New York</c>.</summary>
    public CustomerValues City { get; init; }

    /// <summary>States or provinces (<c>st</c>), hashed: <c>CA</c>, <c>California</c>, <c>Bayern</c>.</summary>
    public CustomerValues State { get; init; }

    /// <summary>Postal codes (<c>zp</c>), hashed: <c>94035</c>, <c>M1 1AE</c>.</summary>
    public CustomerValues ZipCode { get; init; }

    /// <summary>Countries (<c>country</c>), hashed as ISO 3166-1 alpha-2 codes: <c>US</c>, <c>United Kingdom</c>, <c>DEU</c>.</summary>
    public CustomerValues Country { get; init; }

    /// <summary>Your customer IDs (<c>external_id</c>), hashed; the same ID the browser Pixel sends.</summary>
    public CustomerValues ExternalId { get; init; }

    /// <summary>The customer's IP address (<c>client_ip_address</c>, IPv4 or IPv6), not hashed; the client's address, not a proxy's.</summary>
    public string? ClientIpAddress { get; init; }

    /// <summary>The customer's browser user agent (<c>client_user_agent</c>), not hashed; required for website events.</summary>
    public string? ClientUserAgent { get; init; }

    /// <summary>The click ID: the <c>_fbc</c> cookie (<c>fbc</c>), sent exactly as read.</summary>
    public string? Fbc { get; init; }

    /// <summary>The browser ID: the <c>_fbp</c> cookie (<c>fbp</c>), sent exactly as read.</summary>
    public string? Fbp { get; init; }

    /// <summary>Subscription ID of this transaction (<c>subscription_id</c>).</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>App-scoped Facebook Login user ID (<c>fb_login_id</c>).</summary>
    public string? FbLoginId { get; init; }

    /// <summary>Lead Ads lead ID (<c>lead_id</c>).</summary>
    public string? LeadId { get; init; }

    /// <summary>App install ID (<c>anon_id</c>, app events), not hashed.</summary>
    public string? AnonId { get; init; }

    /// <summary>Mobile advertiser ID (<c>madid</c>, app events), not hashed.</summary>
    public string? Madid { get; init; }

    /// <summary>Facebook Page ID (<c>page_id</c>, business messaging).</summary>
    public string? PageId { get; init; }

    /// <summary>Page-scoped user ID (<c>page_scoped_user_id</c>, Messenger).</summary>
    public string? PageScopedUserId { get; init; }

    /// <summary>Click-to-WhatsApp click ID (<c>ctwa_clid</c>).</summary>
    public string? CtwaClid { get; init; }

    /// <summary>Instagram business account ID (<c>ig_account_id</c>).</summary>
    public string? IgAccountId { get; init; }

    /// <summary>Instagram-scoped user ID (<c>ig_sid</c>).</summary>
    public string? IgSid { get; init; }

    /// <summary>WhatsApp Business account ID (<c>whatsapp_business_account_id</c>).</summary>
    public string? WhatsappBusinessAccountId { get; init; }

    /// <summary>The fields given, by Meta's key, never their values (customer data stays out of logs).</summary>
    public override string ToString()
    {
        var keys = new List<string>();
        foreach (var value in ToValues())
        {
            if (!keys.Contains(value.Key))
            {
                keys.Add(value.Key);
            }
        }

        return $"{nameof(CustomerInformation)} {{ {string.Join(", ", keys)} }}";
    }

    /// <summary>
    /// The values in the form <see cref="EventPreparer"/> reads, in <see cref="UserDataKeys.All"/> order, each with
    /// the path a JSON <c>user_data</c> object would give it: <c>user_data.em</c> for one value, <c>user_data.em[1]</c>
    /// for the second of several. Values not given are left out, as a JSON <c>null</c> is.
    /// </summary>
    internal List<UserDataValue> ToValues()
    {
        var values = new List<UserDataValue>();
        AddHashed(values, "em", Email);
        AddHashed(values, "ph", Phone);
        AddHashed(values, "fn", FirstName);
        AddHashed(values, "ln", LastName);
        AddHashed(values, "db", DateOfBirth);
        AddHashed(values, "ge", Gender);
        AddHashed(values, "ct", City);
        AddHashed(values, "st", State);
        AddHashed(values, "zp", ZipCode);
        AddHashed(values, "country", Country);
        AddHashed(values, "external_id", ExternalId);
        AddPlain(values, "client_ip_address", ClientIpAddress);
        AddPlain(values, "client_user_agent", ClientUserAgent);
        AddPlain(values, "fbc", Fbc);
        AddPlain(values, "fbp", Fbp);
        AddPlain(values, "subscription_id", SubscriptionId);
        AddPlain(values, "fb_login_id", FbLoginId);
        AddPlain(values, "lead_id", LeadId);
        AddPlain(values, "anon_id", AnonId);
        AddPlain(values, "madid", Madid);
        AddPlain(values, "page_id", PageId);
        AddPlain(values, "page_scoped_user_id", PageScopedUserId);
        AddPlain(values, "ctwa_clid", CtwaClid);
        AddPlain(values, "ig_account_id", IgAccountId);
        AddPlain(values, "ig_sid", IgSid);
        AddPlain(values, "whatsapp_business_account_id", WhatsappBusinessAccountId);
        return values;
    }

    private static void AddHashed(List<UserDataValue> values, string key, CustomerValues given)
    {
        var path = "user_data." + key;
        if (given.Count == 1)
        {
            if (given[0] is { } single)
            {
                values.Add(new UserDataValue(key, single, path));
            }

            return;
        }

        for (var i = 0; i < given.Count; i++)
        {
            if (given[i] is { } value)
            {
                values.Add(new UserDataValue(key, value, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")));
            }
        }
    }

    private static void AddPlain(List<UserDataValue> values, string key, string? given)
    {
        if (given is not null)
        {
            values.Add(new UserDataValue(key, given, "user_data." + key));
        }
    }
}
