using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary>Keys sent as given: <c>client_ip_address</c>, <c>fbc</c>, <c>fbp</c> checked, the others trimmed (docs/normalization.md#keys-sent-as-given).</summary>
public sealed class PlainValueTests
{
    [Theory]
    [InlineData("168.212.226.204")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("2001:db8::1428:57ab")]
    [InlineData("2a03:2880:f12f:83:face:b00c:0:25de")]
    [InlineData("::ffff:8.8.8.8")]
    public void Valid_IP_address_is_sent_as_given(string ip)
    {
        var (data, diagnostics) = Run(("client_ip_address", " " + ip + "\n"));
        Assert.Equal(ip, data.ClientIpAddress);
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.04")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.4:80")]
    [InlineData("[::1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8::g")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("localhost")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2..3")]
    [InlineData("\uFF11.2.3.4")]
    public void Invalid_IP_address_is_dropped_with_a_warning(string ip)
    {
        var (data, diagnostics) = Run(("client_ip_address", ip));
        Assert.Null(data.ClientIpAddress);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal("user_data.client_ip_address", warning.Path);
        Assert.Equal(IpAddressRule.Invalid, warning.Message);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.10.20")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Private_loopback_or_link_local_IP_is_sent_with_a_warning(string ip)
    {
        var (data, diagnostics) = Run(("client_ip_address", ip));
        Assert.Equal(ip, data.ClientIpAddress);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal(IpAddressRule.NotPublic, warning.Message);
    }

    [Theory]
    [InlineData("fb.1.1554763741205.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk")]
    [InlineData("fb.1.1554763741205.AbCdEf.AQ")]
    [InlineData("fb.2.1554763741205.AbCdEf.ABcDEFGh")]
    [InlineData("fb.0.1.x")]
    public void Valid_fbc_is_sent_exactly_as_given(string fbc)
    {
        var (data, diagnostics) = Run(("fbc", "\u00A0" + fbc + " "));
        Assert.Equal(fbc, data.Fbc);
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData("fb.1.1596403881668.1116446470")]
    [InlineData("fb.1.1558571054389.1098115397.BA")]
    [InlineData("fb.1.1558571054389.1098115397.AQQCAQMC")]
    public void Valid_fbp_is_sent_exactly_as_given(string fbp)
    {
        var (data, diagnostics) = Run(("fbp", fbp));
        Assert.Equal(fbp, data.Fbp);
        Assert.Empty(diagnostics.All);
    }

    [Theory]
    [InlineData("fb.1.1554763741205")]
    [InlineData("fb.12.1554763741205.abc")]
    [InlineData("fb.a.1554763741205.abc")]
    [InlineData("FB.1.1554763741205.abc")]
    [InlineData("fb.1.155476374120x.abc")]
    [InlineData("fb.1..abc")]
    [InlineData("fb.1.1554763741205.")]
    [InlineData("fb.1.1554763741205.abc.ABC")]
    [InlineData("fb.1.1554763741205.abc.AQ.BA")]
    [InlineData("fb.1.1554763741205.abc.A!")]
    [InlineData("fb.1.1554763741205.ab c")]
    [InlineData("IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB")]
    [InlineData("fb.1.-1554763741205.abc")]
    public void Malformed_fbc_or_fbp_is_dropped_with_a_warning(string value)
    {
        var (data, diagnostics) = Run(("fbc", value), ("fbp", value));
        Assert.Null(data.Fbc);
        Assert.Null(data.Fbp);
        Assert.Collection(
            diagnostics.Warnings,
            w => Assert.Equal(("user_data.fbc", CookieRule.InvalidFbc), (w.Path, w.Message)),
            w => Assert.Equal(("user_data.fbp", CookieRule.InvalidFbp), (w.Path, w.Message)));
    }

    [Fact]
    public void Other_plain_keys_are_sent_as_given_after_trimming()
    {
        var (data, diagnostics) = Run(
            ("client_user_agent", "  Mozilla/5.0 (X11; Linux x86_64) \u00A0"),
            ("subscription_id", " Sub-1 "),
            ("fb_login_id", "12345"),
            ("lead_id", "123456789012345"),
            ("anon_id", "Anon"),
            ("madid", "38400000-8CF0-11BD-B23E-10B96E40000D"),
            ("page_id", "p"),
            ("page_scoped_user_id", "psid"),
            ("ctwa_clid", "CtWa"),
            ("ig_account_id", "ig"),
            ("ig_sid", "igsid"),
            ("whatsapp_business_account_id", "waba"));
        Assert.Empty(diagnostics.All);
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)", data.ClientUserAgent);
        Assert.Equal("Sub-1", data.SubscriptionId);
        Assert.Equal("12345", data.FbLoginId);
        Assert.Equal("123456789012345", data.LeadId);
        Assert.Equal("Anon", data.AnonId);
        Assert.Equal("38400000-8CF0-11BD-B23E-10B96E40000D", data.Madid);
        Assert.Equal("p", data.PageId);
        Assert.Equal("psid", data.PageScopedUserId);
        Assert.Equal("CtWa", data.CtwaClid);
        Assert.Equal("ig", data.IgAccountId);
        Assert.Equal("igsid", data.IgSid);
        Assert.Equal("waba", data.WhatsappBusinessAccountId);
    }

    [Fact]
    public void Plain_key_given_twice_keeps_the_first_and_warns_at_the_second()
    {
        var items = new List<UserDataValue>
        {
            new("client_user_agent", "first", "user_data.client_user_agent[0]"),
            new("client_user_agent", "second", "user_data.client_user_agent[1]"),
        };
        var (data, diagnostics) = Run(items, null);
        Assert.Equal("first", data.ClientUserAgent);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal("user_data.client_user_agent[1]", warning.Path);
    }

    [Fact]
    public void Invalid_first_IP_does_not_block_a_valid_second_one()
    {
        var items = new List<UserDataValue>
        {
            new("client_ip_address", "not-an-ip", "user_data.client_ip_address[0]"),
            new("client_ip_address", "8.8.4.4", "user_data.client_ip_address[1]"),
        };
        var (data, diagnostics) = Run(items, null);
        Assert.Equal("8.8.4.4", data.ClientIpAddress);
        Assert.Equal("user_data.client_ip_address[0]", Assert.Single(diagnostics.Warnings).Path);
    }

    [Fact]
    public void Empty_plain_value_is_ignored_silently()
    {
        var (data, diagnostics) = Run(("client_user_agent", " \uFEFF "), ("fbc", ""));
        Assert.Null(data.ClientUserAgent);
        Assert.Null(data.Fbc);
        Assert.Empty(diagnostics.All);
    }
}
