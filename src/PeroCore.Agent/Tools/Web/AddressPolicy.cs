using System.Net;
using System.Net.Sockets;

namespace PeroCore.Agent.Tools.Web;

/// <summary>
/// Which addresses a web fetch may connect to: every public address, and internal ones (loopback, private, link-local
/// with the cloud metadata address, CGNAT, unspecified, multicast, reserved, and IPv6 forms that embed such an IPv4
/// address) only when an allowed network lists them.
/// </summary>
public sealed class AddressPolicy
{
    private static readonly IPNetwork[] Internal =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001:db8::/32"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    private readonly IPNetwork[] _allowed;

    /// <summary>Creates the policy with the networks allowed although internal.</summary>
    /// <exception cref="FormatException">An entry is neither an address nor a CIDR network.</exception>
    public AddressPolicy(IEnumerable<string>? allowedNetworks = null) =>
        _allowed = [.. (allowedNetworks ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(ParseNetwork)];

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>::1</c> or <c>127.0.0.1</c> (a single address).</summary>
    public static IPNetwork ParseNetwork(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new FormatException($"'{text}' is neither an IP address nor a CIDR network.");
    }

    /// <summary>Whether a fetch may connect to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = Unwrap(address);
        if (_allowed.Any(n => n.Contains(plain) || n.Contains(address)))
        {
            return true;
        }

        return !IsInternal(address);
    }

    /// <summary>Whether <paramref name="address"/> is internal (or embeds an internal IPv4 address).</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (address.IsIPv4MappedToIPv6)
            {
                return IsInternal(address.MapToIPv4());
            }

            // IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d: the last four bytes are the IPv4 address.
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 || Nat64.Contains(address))
            {
                return IsInternal(new IPAddress(bytes.AsSpan(12, 4)));
            }

            // 6to4 2002:AABB:CCDD::: the IPv4 address is in bytes 2..5.
            if (SixToFour.Contains(address))
            {
                return IsInternal(new IPAddress(bytes.AsSpan(2, 4)));
            }

            // Teredo 2001:0::/32: the client's IPv4 address is the last four bytes, inverted.
            if (Teredo.Contains(address))
            {
                var v4 = bytes.AsSpan(12, 4).ToArray();
                for (var i = 0; i < 4; i++)
                {
                    v4[i] = (byte)~v4[i];
                }

                return IsInternal(new IPAddress(v4));
            }
        }

        return Internal.Any(n => n.Contains(address));
    }

    private static IPAddress Unwrap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
