namespace MetaCapi.Events;

/// <summary>Meta's standard event names, spelled exactly as the Pixel sends them (deduplication is case-sensitive).</summary>
public static class StandardEvents
{
    /// <summary>Every standard event name.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        Purchase, Lead, AddToCart, CompleteRegistration, ViewContent, Search, InitiateCheckout,
        AddPaymentInfo, AddToWishlist, Subscribe, StartTrial, Contact, CustomizeProduct, Donate,
        FindLocation, Schedule, SubmitApplication, PageView,
    ];

    /// <summary>A purchase; needs <c>custom_data.value</c> and <c>custom_data.currency</c>.</summary>
    public const string Purchase = "Purchase";

    /// <summary>A lead: a form submitted, a sign-up for a trial, a call booked.</summary>
    public const string Lead = "Lead";

    /// <summary>An item added to a shopping cart.</summary>
    public const string AddToCart = "AddToCart";

    /// <summary>A registration form completed (a subscription, an account).</summary>
    public const string CompleteRegistration = "CompleteRegistration";

    /// <summary>A visit to a page that matters (a product page, a landing page).</summary>
    public const string ViewContent = "ViewContent";

    /// <summary>A search made on the site or in the app.</summary>
    public const string Search = "Search";

    /// <summary>The start of a checkout, before it is completed.</summary>
    public const string InitiateCheckout = "InitiateCheckout";

    /// <summary>Payment information added during a checkout.</summary>
    public const string AddPaymentInfo = "AddPaymentInfo";

    /// <summary>An item added to a wish list.</summary>
    public const string AddToWishlist = "AddToWishlist";

    /// <summary>The start of a paid subscription.</summary>
    public const string Subscribe = "Subscribe";

    /// <summary>The start of a free trial of a product or service.</summary>
    public const string StartTrial = "StartTrial";

    /// <summary>A contact between a customer and the business (telephone, SMS, email, chat).</summary>
    public const string Contact = "Contact";

    /// <summary>A product customized (a configuration tool, a colour chosen).</summary>
    public const string CustomizeProduct = "CustomizeProduct";

    /// <summary>A donation to an organization or a cause.</summary>
    public const string Donate = "Donate";

    /// <summary>A search for one of the business's locations.</summary>
    public const string FindLocation = "FindLocation";

    /// <summary>An appointment booked.</summary>
    public const string Schedule = "Schedule";

    /// <summary>An application submitted (a job, a credit card, a programme).</summary>
    public const string SubmitApplication = "SubmitApplication";

    /// <summary>A page viewed (what the Pixel sends on every page load).</summary>
    public const string PageView = "PageView";

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
    internal static string? MiscasedStandardName(string name)
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
