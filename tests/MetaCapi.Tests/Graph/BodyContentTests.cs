using System.Globalization;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Json;

namespace MetaCapi.Tests.Graph;

/// <summary>
/// The request body as <see cref="BodyContent"/> writes it (in pooled chunks, a large batch in parallel parts) is byte
/// for byte what the source-generated serializer writes for the whole request.
/// </summary>
public class BodyContentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(333)]
    [InlineData(1000)]
    public async Task The_body_of_any_batch_is_the_serializers_bytes(int count)
    {
        var request = new EventRequest
        {
            Data = [.. Enumerable.Range(0, count).Select(Event)],
            TestEventCode = "TEST<&>1",
            AccessToken = "token",
            AppSecretProof = "proof",
        };

        using var content = BodyContent.Write(request);
        var body = await content.ReadAsByteArrayAsync();

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(request, MetaCapiJsonContext.Default.EventRequest), body);
        Assert.Equal(body.Length, content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_value_larger_than_a_chunk_is_written_whole_in_a_batch()
    {
        var events = Enumerable.Range(0, 100).Select(Event).ToList();
        events[70] = events[70] with
        {
            CustomData = new CustomData { CustomProperties = new() { ["note"] = JsonSerializer.SerializeToElement(new string('é', 100_000)) } },
        };
        var request = new EventRequest { Data = events };

        using var content = BodyContent.Write(request);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(request, MetaCapiJsonContext.Default.EventRequest), await content.ReadAsByteArrayAsync());
    }

    private static ServerEvent Event(int index) => new()
    {
        EventName = index % 3 == 0 ? "Purchase" : "Lead",
        EventTime = 1_764_700_000 + index,
        EventId = "order-" + index.ToString(CultureInfo.InvariantCulture),
        ActionSource = ActionSource.Website,
        EventSourceUrl = "https://shop.example.com/checkout?o=" + index.ToString(CultureInfo.InvariantCulture) + "&x=<y>",
        UserData = new UserData
        {
            Em = [new string((char)('a' + (index % 26)), 64)],
            Ph = index % 2 == 0 ? [new string('0', 64), new string('1', 64)] : null,
            ClientUserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15 \"quoted\" ü",
            ClientIpAddress = "203.0.113." + (index % 256).ToString(CultureInfo.InvariantCulture),
        },
        CustomData = new CustomData { Value = 49.99m + index, Currency = "USD", ContentIds = ["SKU-1", "SKU-" + index.ToString(CultureInfo.InvariantCulture)] },
    };
}
