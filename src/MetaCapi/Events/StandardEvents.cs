namespace MetaCapi.Events;

/// <summary>Meta's standard event names, spelled exactly as the Pixel sends them (deduplication is case-sensitive).</summary>
public static class StandardEvents
{
    /// <summary>Every standard event name.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "Purchase", "Lead", "AddToCart", "CompleteRegistration", "ViewContent", "Search", "InitiateCheckout",
        "AddPaymentInfo", "AddToWishlist", "Subscribe", "StartTrial", "Contact", "CustomizeProduct", "Donate",
        "FindLocation", "Schedule", "SubmitApplication", "PageView",
    ];

    /// <summary>A purchase; needs <c>custom_data.value</c> and <c>custom_data.currency</c>.</summary>
    public const string Purchase = "Purchase";

    /// <summary>Whether <paramref name="name"/> is a standard event name, exactly.</summary>
    public static bool IsStandard(string name)
    {
        foreach (var standard in Names)
        {
            if (string.Equals(standard, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The standard name that <paramref name="name"/> equals except for case (<c>purchase</c> → <c>Purchase</c>),
    /// or <see langword="null"/> when there is none or the spelling is already exact.
    /// </summary>
    public static string? MiscasedStandardName(string name)
    {
        foreach (var standard in Names)
        {
            if (string.Equals(standard, name, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(standard, name, StringComparison.Ordinal))
            {
                return standard;
            }
        }

        return null;
    }
}
