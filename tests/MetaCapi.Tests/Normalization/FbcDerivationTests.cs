using MetaCapi.Normalization;

namespace MetaCapi.Tests.Normalization;

/// <summary>docs/normalization.md#fbc-from-fbclid: <c>fbc = fb.1.&lt;event_time in ms&gt;.&lt;fbclid&gt;</c> from the page URL.</summary>
public sealed class FbcDerivationTests
{
    [Theory]
    [InlineData("https://shop.example/p?fbclid=IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk",
        "fb.1.1700000000000.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk")]
    [InlineData("https://shop.example/p?utm_source=fb&fbclid=AbCdEf&x=1", "fb.1.1700000000000.AbCdEf")]
    [InlineData("https://shop.example/p?fbclid=AbC#section?fbclid=Other", "fb.1.1700000000000.AbC")]
    [InlineData("https://shop.example/p?fbclid=first&fbclid=second", "fb.1.1700000000000.first")]
    [InlineData("https://shop.example/p?fbclid=Ab%43d", "fb.1.1700000000000.AbCd")]
    [InlineData("http://shop.example/?fbclid=x_y-Z", "fb.1.1700000000000.x_y-Z")]
    public void Fbclid_in_the_query_gives_fbc_with_event_time_in_milliseconds(string url, string expected)
    {
        Assert.True(FbcDerivation.TryDerive(url, 1_700_000_000, out var fbc));
        Assert.Equal(expected, fbc);
    }

    [Theory]
    [InlineData("https://shop.example/p")]
    [InlineData("https://shop.example/p?utm_source=fb")]
    [InlineData("https://shop.example/p?fbclid=")]
    [InlineData("https://shop.example/p?fbclid")]
    [InlineData("https://shop.example/p#fbclid=AbC")]
    [InlineData("https://shop.example/p?FBCLID=AbC")]
    [InlineData("https://shop.example/p?xfbclid=AbC")]
    [InlineData("https://shop.example/p?fbclid=a%20b")]
    [InlineData("https://shop.example/p?fbclid=a.b")]
    [InlineData("")]
    [InlineData(null)]
    public void No_usable_fbclid_gives_no_fbc(string? url)
    {
        Assert.False(FbcDerivation.TryDerive(url, 1_700_000_000, out var fbc));
        Assert.Null(fbc);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MaxValue)]
    public void Event_time_that_cannot_be_in_milliseconds_gives_no_fbc(long eventTime) =>
        Assert.False(FbcDerivation.TryDerive("https://shop.example/?fbclid=AbC", eventTime, out _));
}
