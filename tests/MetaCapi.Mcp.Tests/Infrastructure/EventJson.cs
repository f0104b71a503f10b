namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>Tool arguments used across the tests.</summary>
public static class EventJson
{
    public const string RawEmail = "  John_Smith@Gmail.com ";
    public const string RawPhone = "(650) 555-1212";

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A website purchase with raw customer data whose hashes are Meta's documented vectors.</summary>
    public static string WebsitePurchase(string extra = "") => $$"""
        {
          "pixel_id": "{{GraphFake.PixelId}}",
          "event_name": "Purchase",
          "event_time": {{Now - 60}},
          "event_source_url": "https://shop.example.com/checkout/thanks",
          "action_source": "website",
          "event_id": "order-1001",
          "user_data": {
            "em": "{{RawEmail}}",
            "ph": "{{RawPhone}}",
            "fn": "Mary",
            "country": "United States",
            "external_id": "User 123",
            "client_ip_address": "203.0.113.7",
            "client_user_agent": "Mozilla/5.0 (Macintosh) TestAgent/1.0"
          },
          "custom_data": {"value": 49.99, "currency": "usd", "content_ids": ["SKU-1"], "content_type": "product"}
          {{extra}}
        }
        """;
}
