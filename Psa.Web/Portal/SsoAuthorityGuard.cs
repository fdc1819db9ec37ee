using System.Net;
using System.Net.Sockets;

namespace Psa.Web.Portal;

/// <summary>
/// Keeps the server from being pointed at itself or at the internal network through a client's SSO
/// authority (anyone can make the server fetch it by starting a sign-in): the authority must be https
/// on a public address. Loopback and private ranges are allowed only with
/// <c>Psa:Sso:AllowPrivateAuthorities</c> (the tests' provider runs on 127.0.0.1). The address check
/// runs again on every connection, after DNS, so a name that later resolves inward is refused too.
/// </summary>
public sealed class SsoAuthorityGuard(IConfiguration configuration)
{
    public const string AllowPrivateSetting = "Psa:Sso:AllowPrivateAuthorities";

    public bool AllowsPrivate => configuration.GetValue<bool>(AllowPrivateSetting);

    /// <summary>Why this authority may not be used, or null when it may.</summary>
    public string? Problem(string authority)
    {
        if (!Uri.TryCreate(authority?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Authority must be the provider's absolute URL.";
        }

        if (AllowsPrivate)
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Authority must use https.";
        }

        if (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !IsPublic(address)))
        {
            return "Authority must be on a public address, not this server or a private network.";
        }

        return null;
    }

    /// <summary>The handler every request to an SSO provider goes through.</summary>
    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = AllowsPrivate ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} is not on a public address.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            // Link-local, site-local, unique-local (fc00::/7) and multicast.
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] == 127
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224);
    }
}
