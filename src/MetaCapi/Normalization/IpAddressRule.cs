using System.Net;
using System.Net.Sockets;

namespace MetaCapi.Normalization;

/// <summary>
/// <c>client_ip_address</c>: must be an IPv4 dotted quad (four decimal numbers 0–255, no leading zeros) or an IPv6
/// address (no zone, no brackets, no port). It is sent exactly as given. A private, loopback, link-local or other
/// non-public address is still sent, with a warning, since Meta cannot match on it.
/// </summary>
internal static class IpAddressRule
{
    public const string Invalid =
        "Not a valid IP address (expected an IPv4 address in dotted-quad form or an IPv6 address, without port or brackets); the value was dropped.";

    public const string NotPublic =
        "client_ip_address is a private, loopback, link-local or otherwise non-public address, so Meta cannot use it to match the customer; it was sent anyway. Send the customer's public IP (e.g. from X-Forwarded-For), not a proxy's or the server's.";

    private const int MaximumLength = 45;

    public static RuleResult Normalize(string value)
    {
        var address = Parse(value);
        if (address is null)
        {
            return RuleResult.Dropped(Invalid);
        }

        return IsPublic(address) ? RuleResult.Accepted(value) : RuleResult.AcceptedWithWarning(value, NotPublic);
    }

    /// <summary>The address <paramref name="text"/> strictly denotes, or null.</summary>
    public static IPAddress? Parse(string text)
    {
        if (text.Length is 0 or > MaximumLength)
        {
            return null;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            foreach (var c in text)
            {
                if (!char.IsAsciiHexDigit(c) && c is not (':' or '.'))
                {
                    return null;
                }
            }

            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        return IsDottedQuad(text) && IPAddress.TryParse(text, out var v4) ? v4 : null;
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var number = 0;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                number = (number * 10) + (c - '0');
            }

            if (number > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            _ = address.TryWriteBytes(b, out _);
            return !(b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254) // link-local
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168));
        }

        Span<byte> v6 = stackalloc byte[16];
        _ = address.TryWriteBytes(v6, out _);
        return !(address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC); // unique local fc00::/7
    }
}
