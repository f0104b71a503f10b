using MetaCapi.Events;

namespace MetaCapi.Graph;

/// <summary>
/// Meta's names of match keys in its read APIs (<c>email</c>, <c>ip_address</c>, <c>user_agent</c>, <c>zip</c>…, or
/// the <c>user_data</c> keys themselves) turned into the <c>user_data</c> key a send tool takes. The accepted aliases of
/// <see cref="UserDataKeys.Aliases"/> come first; the extra names below are the ones only the read APIs use.
/// </summary>
internal static class MatchKeyNames
{
    private static readonly Dictionary<string, string> ReadOnlyNames = new(StringComparer.Ordinal)
    {
        ["client_ip"] = "client_ip_address",
        ["click_id"] = "fbc",
        ["fbclid"] = "fbc",
        ["browser_id"] = "fbp",
        ["dob"] = "db",
        ["birthdate"] = "db",
        ["zipcode"] = "zp",
        ["login_id"] = "fb_login_id",
        ["facebook_login_id"] = "fb_login_id",
        ["mobile_advertiser_id"] = "madid",
        ["anonymous_id"] = "anon_id",
    };

    /// <summary>The <c>user_data</c> key for Meta's <paramref name="identifier"/>, or null when there is none.</summary>
    public static string? ToUserDataKey(string? identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return null;
        }

        var name = identifier.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        if (UserDataKeys.IsKnown(name))
        {
            return name;
        }

        return UserDataKeys.Aliases.TryGetValue(name, out var key) || ReadOnlyNames.TryGetValue(name, out key) ? key : null;
    }
}
