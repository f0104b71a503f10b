using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaCapi.Events;

/// <summary>Business data about the event (<c>custom_data</c>); any key not listed here is a custom property.</summary>
public sealed record CustomData
{
    /// <summary>Monetary value; required with <see cref="Currency"/> for <c>Purchase</c>.</summary>
    [JsonPropertyName("value")]
    public decimal? Value { get; init; }

    /// <summary>ISO 4217 currency code, sent uppercase.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>Name of the page or product.</summary>
    [JsonPropertyName("content_name")]
    public string? ContentName { get; init; }

    /// <summary>Category of the page or product.</summary>
    [JsonPropertyName("content_category")]
    public string? ContentCategory { get; init; }

    /// <summary>Product IDs (SKUs).</summary>
    [JsonPropertyName("content_ids")]
    public IReadOnlyList<string>? ContentIds { get; init; }

    /// <summary>Products with quantity and price.</summary>
    [JsonPropertyName("contents")]
    public IReadOnlyList<Content>? Contents { get; init; }

    /// <summary><c>product</c> or <c>product_group</c>.</summary>
    [JsonPropertyName("content_type")]
    public string? ContentType { get; init; }

    /// <summary>Order ID.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    /// <summary>Number of items (with <c>InitiateCheckout</c>).</summary>
    [JsonPropertyName("num_items")]
    public long? NumItems { get; init; }

    /// <summary>Predicted lifetime value of the customer.</summary>
    [JsonPropertyName("predicted_ltv")]
    public decimal? PredictedLtv { get; init; }

    /// <summary>Margin value of the conversion.</summary>
    [JsonPropertyName("net_revenue")]
    public decimal? NetRevenue { get; init; }

    /// <summary>The search query (with <c>Search</c>).</summary>
    [JsonPropertyName("search_string")]
    public string? SearchString { get; init; }

    /// <summary>Registration status (with <c>CompleteRegistration</c>): a string or a boolean, sent as given.</summary>
    [JsonPropertyName("status")]
    public JsonElement? Status { get; init; }

    /// <summary><c>in_store</c>, <c>curbside</c> or <c>home_delivery</c>.</summary>
    [JsonPropertyName("delivery_category")]
    public string? DeliveryCategory { get; init; }

    /// <summary>Custom properties, sent as given after the standard keys.</summary>
    /// <remarks>
    /// <c>set</c>, not <c>init</c>: System.Text.Json cannot bind extension data through the initializer path it uses
    /// for init-only properties, and then refuses to serialize any request that contains this type.
    /// </remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? CustomProperties { get; set; }
}

/// <summary>One product of <see cref="CustomData.Contents"/>.</summary>
public sealed record Content
{
    /// <summary>Product ID (SKU); required.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>How many; a positive integer.</summary>
    [JsonPropertyName("quantity")]
    public long? Quantity { get; init; }

    /// <summary>Price of one item.</summary>
    [JsonPropertyName("item_price")]
    public decimal? ItemPrice { get; init; }

    /// <summary><c>in_store</c>, <c>curbside</c> or <c>home_delivery</c>.</summary>
    [JsonPropertyName("delivery_category")]
    public string? DeliveryCategory { get; init; }

    /// <summary>Product title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Product description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Brand.</summary>
    [JsonPropertyName("brand")]
    public string? Brand { get; init; }

    /// <summary>Category.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; init; }
}
