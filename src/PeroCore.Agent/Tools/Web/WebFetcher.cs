using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace PeroCore.Agent.Tools.Web;

/// <summary>
/// Fetches a web page safely for the model: only http and https; the host is resolved here and the connection goes only to
/// an address the <see cref="AddressPolicy"/> allows (so DNS answers and numeric forms such as <c>2130706433</c> or
/// <c>0x7f.1</c> cannot reach loopback, private or metadata addresses); redirects are followed by hand, each target
/// checked again; no proxy, no cookies; the body is read up to a byte limit, within a time limit.
/// </summary>
public sealed class WebFetcher : IDisposable
{
    private static readonly int[] RedirectCodes = [301, 302, 303, 307, 308];

    private readonly AddressPolicy _policy;
    private readonly BuiltInToolOptions _options;
    private readonly HttpClient _client;

    /// <summary>Creates the fetcher.</summary>
    public WebFetcher(BuiltInToolOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _policy = new AddressPolicy(options.FetchAllowedNetworks);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Fetches <paramref name="url"/> (<c>https://</c> is added when no scheme is given).</summary>
    /// <exception cref="WebFetchException">The URL is refused or the fetch failed.</exception>
    public async Task<WebFetchResult> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var current = ParseUrl(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            for (var hop = 0; ; hop++)
            {
                CheckLiteralHost(current);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("PeroCore", "1.0"));
                request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5");
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (RedirectCodes.Contains((int)response.StatusCode))
                {
                    if (response.Headers.Location is not { } location)
                    {
                        throw new WebFetchException($"The server answered {(int)response.StatusCode} without a Location.");
                    }

                    if (hop >= _options.FetchMaxRedirects)
                    {
                        throw new WebFetchException($"Too many redirects (more than {_options.FetchMaxRedirects}).");
                    }

                    current = ParseUrl(new Uri(current, location).ToString(), redirect: true);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new WebFetchException(string.Create(CultureInfo.InvariantCulture, $"The server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}."));
                }

                return await ReadAsync(current, response, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WebFetchException($"The fetch took longer than {_options.FetchTimeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            if (Find<BlockedAddressException>(ex) is { } blocked)
            {
                throw new WebFetchException(blocked.Message, blocked) { Refused = true };
            }

            throw new WebFetchException($"The page could not be fetched: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private Uri ParseUrl(string url, bool redirect = false)
    {
        var text = (url ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            throw new WebFetchException("The URL is empty.");
        }

        if (!text.Contains("://", StringComparison.Ordinal) && !redirect)
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new WebFetchException($"'{text}' is not a valid URL.");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebFetchException(redirect
                ? $"Refused: the page redirected to a {uri.Scheme} URL; only http and https are fetched."
                : $"Refused: only http and https URLs are fetched, not {uri.Scheme}.") { Refused = true };
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new WebFetchException("Refused: URLs with a user name or password are not fetched.") { Refused = true };
        }

        return uri;
    }

    private void CheckLiteralHost(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && !_policy.IsAllowed(address))
        {
            throw new WebFetchException(RefusedMessage(uri.Host, address)) { Refused = true };
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        var allowed = addresses.Where(_policy.IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            var first = addresses.FirstOrDefault();
            throw new BlockedAddressException(first is null ? $"'{host}' has no address." : RefusedMessage(host, first)) { Host = host, Address = first };
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<WebFetchResult> ReadAsync(Uri url, HttpResponseMessage response, CancellationToken ct)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "text/html";
        var isHtml = mediaType is "text/html" or "application/xhtml+xml";
        var isText = mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType is "application/json" or "application/xml" or "application/rss+xml" or "application/atom+xml";
        if (!isHtml && !isText)
        {
            throw new WebFetchException($"The page is {mediaType}, not text; only HTML and text pages are read.");
        }

        var limit = _options.FetchMaxBytes;
        var buffer = new MemoryStream();
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                var room = (int)Math.Min(read, limit - buffer.Length);
                buffer.Write(chunk, 0, room);
                if (buffer.Length >= limit)
                {
                    break;
                }
            }
        }

        var truncated = buffer.Length >= limit;
        var encoding = EncodingOf(response.Content.Headers.ContentType?.CharSet);
        var body = encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (isHtml)
        {
            var (title, text) = ReadableText.FromHtml(body);
            return new WebFetchResult(url, title, text, truncated);
        }

        return new WebFetchResult(url, null, ReadableText.Tidy(body), truncated);
    }

    private static Encoding EncodingOf(string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                return Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // Unknown charset: UTF-8 below.
            }
        }

        return new UTF8Encoding(false);
    }

    private static string RefusedMessage(string host, IPAddress address) =>
        $"Refused: '{host}' is the internal address {address} (loopback, private, link-local or reserved); fetching it is not allowed unless Tools:FetchAllowedNetworks lists it.";

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
