namespace MetaCapi.Graph;

/// <summary>
/// Plain-language guidance for the Graph error codes the Conversions API returns (docs/architecture.md#retries): what
/// the error means and what to do next. The table below is the only copy.
/// </summary>
internal static class GraphErrorHints
{
    private const string NewToken =
        "Generate a new token in Events Manager → your dataset → Settings → Conversions API → Generate access token, " +
        "and set META_ACCESS_TOKEN to it.";

    private const string RateLimit =
        "Meta is rate-limiting these calls. Wait a few minutes before sending again, and lower the request rate " +
        "(send fewer, larger batches: up to 1000 events per request).";

    private const string Temporary =
        "A temporary problem at Meta. Send the same events again in a few minutes (keep event_id so Meta can deduplicate).";

    // Entries with a subcode come before the entry for their code without one; the first match wins.
    private static readonly Entry[] Table =
    [
        new(190, 190, 463, "The access token has expired. " + NewToken),
        new(190, 190, 460, "The access token was invalidated because its user changed the password. " + NewToken),
        new(190, 190, 467, "The access token is invalid. " + NewToken),
        new(190, 190, 458, "The access token belongs to a user who has not authorized the app. " + NewToken),
        new(190, 190, 459, "The token's user must log in at facebook.com to clear a security checkpoint. " + NewToken),
        new(190, 190, null, "The access token is invalid or has expired. " + NewToken),
        new(102, 102, null, "The access token's session is no longer valid. " + NewToken),
        new(10, 10, null,
            "The access token lacks permission on this dataset. Use a token generated for this dataset in Events Manager, " +
            "or give the token's system user access to the dataset."),
        new(200, 299, null,
            "The access token lacks permission on this dataset. Use a token generated for this dataset in Events Manager, " +
            "or give the token's system user access to the dataset."),
        new(100, 100, 33,
            "The pixel (dataset) ID does not exist, or the access token has no access to it. Check pixel_id in Events " +
            "Manager and that the token was generated for that dataset."),
        new(100, 100, 2804003,
            "An event_time is more than 7 days old (62 days for physical_store), so Meta rejected the whole request. " +
            "Drop or correct the old events and send the rest again."),
        new(100, 100, 2804050,
            "Too little customer information to match the event. Add identifiers to user_data: em, ph, fbc, external_id, " +
            "client_ip_address with client_user_agent, fbp."),
        new(100, 100, 2804019,
            "Meta rejected a parameter (unexpected key, missing or bad value). error_user_msg names it; fix it and send again."),
        new(100, 100, 2804036,
            "A lead_id is invalid or was deleted. Check the lead IDs; one bad event rejects the whole batch."),
        new(100, 100, 2804116,
            "A business_messaging event lacks page_id or whatsapp_business_account_id in user_data."),
        new(100, 100, null,
            "Meta rejected a parameter of the request; error_user_msg (if present) says which. An invalid or expired " +
            "test_event_code is a common cause: check it in Events Manager → Test Events."),
        new(803, 803, null, "The pixel (dataset) ID is unknown to Meta. Check pixel_id in Events Manager."),
        new(368, 368, null,
            "Meta has temporarily blocked this app or account for a policy violation. Sending again will not help; check " +
            "the alerts in Business Support Home and Events Manager."),
        new(4, 4, null, RateLimit),
        new(17, 17, null, RateLimit),
        new(32, 32, null, RateLimit),
        new(341, 341, null, RateLimit),
        new(613, 613, null, RateLimit),
        new(80000, 80014, null, RateLimit),
        new(1, 1, null, Temporary),
        new(2, 2, null, Temporary),
        new(21009, 21009, null, "The dataset is temporarily not ready to receive uploads. Send the same events again later."),
    ];

    /// <summary>Guidance for a Graph error, or null for a code without a known meaning.</summary>
    /// <param name="code">Meta's <c>error.code</c>.</param>
    /// <param name="subcode">Meta's <c>error.error_subcode</c>.</param>
    public static string? For(int? code, int? subcode) => Find(Table, code, subcode);

    private const string ReadToken =
        "A token generated in Events Manager may send events but not read them back. Use a system user token with ads_read: " +
        "Business Settings → Users → System users → Assign assets → this dataset (pixel), then Generate new token with the " +
        "ads_read permission (Meta's Dataset Quality API also wants ads_management or business_management), and set " +
        "META_ACCESS_TOKEN to it.";

    // The reads (dataset quality, stats) first; anything not listed here falls back to the table above.
    private static readonly Entry[] ReadTable =
    [
        new(2044055, 2044055, null, "The dataset (pixel) ID does not exist. Check pixel_id in Events Manager."),
        new(100, 100, 2044055, "The dataset (pixel) ID does not exist. Check pixel_id in Events Manager."),
        new(10, 10, null, "The access token may not read this dataset. " + ReadToken),
        new(200, 299, null, "The access token may not read this dataset. " + ReadToken),
        new(100, 100, null,
            "Meta refused the read: the pixel ID is wrong, or the access token cannot read this dataset. Check pixel_id. " + ReadToken),
    ];

    /// <summary>
    /// Guidance for a Graph error answering a read (Dataset Quality API, pixel stats), or null for a code without a known
    /// meaning: permission errors (10, 200–299) and 100 say which token can read; other codes get the same hint as a send.
    /// </summary>
    /// <param name="code">Meta's <c>error.code</c>.</param>
    /// <param name="subcode">Meta's <c>error.error_subcode</c>.</param>
    public static string? ForRead(int? code, int? subcode) => Find(ReadTable, code, subcode) ?? For(code, subcode);

    private static string? Find(Entry[] table, int? code, int? subcode)
    {
        if (code is not { } c)
        {
            return null;
        }

        foreach (var entry in table)
        {
            if (c >= entry.CodeFrom && c <= entry.CodeTo && (entry.Subcode is null || entry.Subcode == subcode))
            {
                return entry.Hint;
            }
        }

        return null;
    }

    private sealed record Entry(int CodeFrom, int CodeTo, int? Subcode, string Hint);
}
