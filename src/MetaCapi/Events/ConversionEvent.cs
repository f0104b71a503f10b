using System.Globalization;
using MetaCapi.Input;

namespace MetaCapi.Events;

/// <summary>
/// One conversion as your system knows it, with RAW customer information, ready for
/// <see cref="Graph.ConversionsApiClient.SendAsync(string, ConversionEvent, CancellationToken)"/> or
/// <see cref="Graph.ConversionsApiClient.Preview(string, ConversionEvent, Graph.EventRequestOptions)"/>. The client validates
/// it, normalizes and hashes <see cref="Customer"/>, and builds the event Meta receives; every problem is reported in the
/// result at Meta's path of the field (<c>event_time</c>, <c>user_data.em</c>, <c>custom_data.currency</c>).
/// </summary>
/// <example>
/// <code>
/// var purchase = new ConversionEvent
/// {
///     EventName = StandardEvents.Purchase,
///     EventTime = DateTimeOffset.UtcNow,
///     ActionSource = ActionSource.Website,
///     EventId = order.PixelEventId,              // the browser Pixel's eventID: Meta counts the purchase once
///     EventSourceUrl = "https://shop.example/checkout",
///     Customer = new CustomerInformation
///     {
///         Email = order.Email,
///         Phone = order.Phone,
///         ClientIpAddress = "203.0.113.7",
///         ClientUserAgent = userAgent,
///         Fbp = request.Cookies["_fbp"],
///         Fbc = request.Cookies["_fbc"],
///     },
///     CustomData = new CustomData { Value = 59.90m, Currency = "EUR", OrderId = order.Id },
/// };
/// </code>
/// </example>
public sealed record ConversionEvent
{
    /// <summary>
    /// The event name (<c>event_name</c>): one of <see cref="StandardEvents.Names"/>, spelled exactly as the Pixel
    /// does (<c>Purchase</c>, <c>Lead</c>, …), or a custom name.
    /// </summary>
    public required string EventName { get; init; }

    /// <summary>
    /// When the conversion happened (<c>event_time</c>, sent as Unix seconds): at most 7 days ago (62 days for
    /// <see cref="ActionSource.PhysicalStore"/>), and not in the future.
    /// </summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>Where the conversion happened (<c>action_source</c>); <see cref="ActionSource.Website"/> needs <see cref="EventSourceUrl"/> and a user agent.</summary>
    public required ActionSource ActionSource { get; init; }

    /// <summary>Customer information (<c>user_data</c>), raw; normalized and hashed by the client.</summary>
    public required CustomerInformation Customer { get; init; }

    /// <summary>
    /// The deduplication ID (<c>event_id</c>): the browser Pixel's <c>eventID</c> for the same action (an order number,
    /// say), so Meta counts the conversion once, and the key that makes a resend after a failure safe.
    /// </summary>
    public string? EventId { get; init; }

    /// <summary>The page where the conversion happened (<c>event_source_url</c>); required for website events.</summary>
    public string? EventSourceUrl { get; init; }

    /// <summary>The page's referrer (<c>referrer_url</c>).</summary>
    public string? ReferrerUrl { get; init; }

    /// <summary>Business data (<c>custom_data</c>): value and currency (required for <c>Purchase</c>), products, order ID.</summary>
    public CustomData? CustomData { get; init; }

    /// <summary>App information (<c>app_data</c>), required for <see cref="ActionSource.App"/>.</summary>
    public AppData? AppData { get; init; }

    /// <summary>The earlier event this one refers to (<c>original_event_data</c>).</summary>
    public OriginalEventData? OriginalEventData { get; init; }

    /// <summary>Use the event for attribution only, not for ad delivery optimization (<c>opt_out</c>).</summary>
    public bool? OptOut { get; init; }

    /// <summary>Limited Data Use (<c>data_processing_options</c>): <c>[]</c> or <c>["LDU"]</c>.</summary>
    public IReadOnlyList<string>? DataProcessingOptions { get; init; }

    /// <summary>With LDU: <c>0</c> (let Meta geolocate) or <c>1</c> (United States).</summary>
    public int? DataProcessingOptionsCountry { get; init; }

    /// <summary>With LDU: <c>0</c> (let Meta geolocate) or a US state code 1000–1013.</summary>
    public int? DataProcessingOptionsState { get; init; }

    /// <summary>For <see cref="ActionSource.BusinessMessaging"/>: <c>messenger</c>, <c>whatsapp</c> or <c>instagram</c>.</summary>
    public string? MessagingChannel { get; init; }

    /// <summary>
    /// The event in the form <see cref="EventPreparer"/> reads, the same form a JSON event is read into: what the
    /// client validates, normalizes and sends. Nothing is checked here.
    /// </summary>
    internal EventInput ToInput() => new()
    {
        EventName = EventName,
        EventTime = EventTime.ToUnixTimeSeconds(),
        ActionSource = Enum.IsDefined(ActionSource)
            ? ActionSource.ToWireName()
            : ((int)ActionSource).ToString(CultureInfo.InvariantCulture),
        EventId = EventId,
        EventSourceUrl = EventSourceUrl,
        ReferrerUrl = ReferrerUrl,
        UserData = Customer?.ToValues(),
        CustomData = CustomData,
        AppData = AppData,
        OriginalEventData = OriginalEventData,
        OptOut = OptOut,
        DataProcessingOptions = DataProcessingOptions,
        DataProcessingOptionsCountry = DataProcessingOptionsCountry,
        DataProcessingOptionsState = DataProcessingOptionsState,
        MessagingChannel = MessagingChannel,
    };
}
