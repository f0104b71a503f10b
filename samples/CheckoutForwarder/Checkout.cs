using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using MetaCapi.Events;
using MetaCapi.Graph;

namespace CheckoutForwarder;

/// <summary>What the checkout page posts: the order, the customer as typed in the form, and the Pixel's eventID.</summary>
internal sealed record Checkout
{
    public required string OrderId { get; init; }

    /// <summary>The eventID the page gave the browser Pixel for this purchase; the order ID when the page used that.</summary>
    public string? EventId { get; init; }

    public required decimal Value { get; init; }

    public required string Currency { get; init; }

    public IReadOnlyList<CheckoutItem>? Items { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? City { get; init; }

    public string? ZipCode { get; init; }

    public string? Country { get; init; }

    public string? CustomerId { get; init; }

    /// <summary>The checkout page's address; the Referer header when absent.</summary>
    public string? PageUrl { get; init; }

    /// <summary>
    /// The purchase for the Conversions API: raw customer data from the form (the client hashes it), and from the
    /// request what the server sees: the client's address, its user agent and the Pixel's cookies.
    /// </summary>
    public ConversionEvent ToConversionEvent(HttpRequest request, DateTimeOffset now) => new()
    {
        EventName = StandardEvents.Purchase,
        EventTime = now,
        ActionSource = ActionSource.Website,
        EventId = EventId ?? OrderId,
        EventSourceUrl = PageUrl ?? request.Headers.Referer,
        Customer = new CustomerInformation
        {
            Email = Email,
            Phone = Phone,
            FirstName = FirstName,
            LastName = LastName,
            City = City,
            ZipCode = ZipCode,
            Country = Country,
            ExternalId = CustomerId,
            ClientIpAddress = ClientAddress(request.HttpContext.Connection.RemoteIpAddress),
            ClientUserAgent = request.Headers.UserAgent,
            Fbp = request.Cookies["_fbp"],
            Fbc = request.Cookies["_fbc"],
        },
        CustomData = new CustomData
        {
            Value = Value,
            Currency = Currency,
            OrderId = OrderId,
            ContentType = Items is null ? null : "product",
            Contents = Items?.Select(item => new Content { Id = item.Id, Quantity = item.Quantity, ItemPrice = item.Price }).ToList(),
            NumItems = Items?.Sum(item => item.Quantity),
        },
    };

    /// <summary>Kestrel reports IPv4 clients as IPv4-mapped IPv6 addresses (::ffff:203.0.113.7): send the IPv4 form.</summary>
    private static string? ClientAddress(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}

internal sealed record CheckoutItem(string Id, int Quantity, decimal Price);

/// <summary>What this sample answers: the forwarding result, without any customer value.</summary>
internal sealed record ForwardingAnswer(
    string Status,
    int? EventsReceived,
    string? FbtraceId,
    string? MetaError,
    string? Hint,
    IReadOnlyList<Problem> Errors,
    IReadOnlyList<Problem> Warnings,
    JsonElement? Payload)
{
    public static ForwardingAnswer From(ConversionResult result) => new(
        result.Status.ToString().ToLowerInvariant(),
        result.Delivery?.EventsReceived,
        result.Delivery?.FbtraceId,
        result.Delivery?.Error?.Message ?? result.Delivery?.TransportError,
        result.Delivery?.Error?.Hint,
        [.. result.Errors.Select(e => new Problem(e.Path, e.Message))],
        [.. result.Warnings.Select(w => new Problem(w.Path, w.Message))],
        result.Status == ConversionStatus.Preview ? JsonElement.Parse(result.RequestJson!) : null);
}

internal sealed record Problem(string Path, string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Checkout))]
[JsonSerializable(typeof(ForwardingAnswer))]
internal sealed partial class CheckoutJsonContext : JsonSerializerContext;
