using System.Globalization;
using System.Text.Json.Nodes;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Normalization;

namespace MetaCapi.Benchmarks;

/// <summary>The inputs every benchmark uses: raw customer data as a shop would pass it, and a fixed "now".</summary>
internal static class Sample
{
    /// <summary>"Now" for every benchmark, so results do not depend on the day they run.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A clock stopped at <see cref="Now"/>.</summary>
    public static TimeProvider Clock { get; } = new FixedClock(Now);

    /// <summary>One raw value per hashed key, written the untidy way real data arrives.</summary>
    public static IReadOnlyDictionary<string, string> RawValues { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["em"] = "  John_Smith@Gmail.com ",
        ["ph"] = "(650) 555-1212",
        ["fn"] = "Mary-Jane",
        ["ln"] = "O'Brien",
        ["db"] = "02/16/1997",
        ["ge"] = "Female",
        ["ct"] = "San Francisco",
        ["st"] = "California",
        ["zp"] = "94035-1234",
        ["country"] = "United States",
        ["external_id"] = "User 123",
    };

    /// <summary>A website purchase with every hashed key, IP, user agent and fbp; <paramref name="index"/> makes it distinct.</summary>
    public static EventInput FullEvent(int index)
    {
        var values = new List<UserDataValue>(RawValues.Count + 3);
        foreach (var (key, value) in RawValues)
        {
            var raw = key switch
            {
                "em" => string.Create(CultureInfo.InvariantCulture, $"  Customer.{index}@Example.com "),
                "ph" => string.Create(CultureInfo.InvariantCulture, $"(650) 555-{1000 + (index % 9000):D4}"),
                "external_id" => string.Create(CultureInfo.InvariantCulture, $"User {index}"),
                _ => value,
            };
            values.Add(new UserDataValue(key, raw, "user_data." + key));
        }

        values.Add(new UserDataValue("client_ip_address", "203.0.113.7", "user_data.client_ip_address"));
        values.Add(new UserDataValue("client_user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15", "user_data.client_user_agent"));
        values.Add(new UserDataValue("fbp", "fb.1.1596403881668.1116446470", "user_data.fbp"));

        return new EventInput
        {
            EventName = "Purchase",
            EventTime = Now.ToUnixTimeSeconds() - 120,
            EventSourceUrl = "https://shop.example.com/checkout/thanks",
            ActionSource = "website",
            EventId = string.Create(CultureInfo.InvariantCulture, $"order-{index}"),
            UserData = values,
            CustomData = new CustomData
            {
                Value = 49.99m,
                Currency = "usd",
                ContentIds = ["SKU-1", "SKU-2"],
                ContentType = "product",
                OrderId = string.Create(CultureInfo.InvariantCulture, $"order-{index}"),
            },
        };
    }

    /// <summary>The same event as the JSON a tool receives (one item of <c>events</c>).</summary>
    public static JsonObject FullEventJson(int index)
    {
        var input = FullEvent(index);
        var userData = new JsonObject();
        foreach (var value in input.UserData!)
        {
            userData[value.Key] = value.Value;
        }

        return new JsonObject
        {
            ["event_name"] = input.EventName,
            ["event_time"] = input.EventTime,
            ["event_source_url"] = input.EventSourceUrl,
            ["action_source"] = input.ActionSource,
            ["event_id"] = input.EventId,
            ["user_data"] = userData,
            ["custom_data"] = new JsonObject
            {
                ["value"] = 49.99,
                ["currency"] = "usd",
                ["content_ids"] = new JsonArray("SKU-1", "SKU-2"),
                ["content_type"] = "product",
                ["order_id"] = input.EventId,
            },
        };
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
