using System.Net;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Server</c>: where to listen, where the data lives, who may call.</summary>
[SettingsSection("Server")]
internal sealed class ServerOptions
{
    /// <summary>Default port, as in later versions of the original.</summary>
    public const int DefaultPort = 9120;

    private string? _apiKey;

    /// <summary><c>Server:Host</c>: the address to bind, an IP address or <c>localhost</c> (default 127.0.0.1).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary><c>Server:Port</c>: the TCP port; 0 picks a free one (tests use it).</summary>
    [IntegerRange(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary><c>Server:DataDirectory</c>: the data folder (database, indexes, lock), relative to the current folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// <c>Server:ApiKey</c>: the key clients must send (<c>Authorization: Bearer …</c> or <c>X-API-Key</c>); required off
    /// loopback. A blank value means none.
    /// </summary>
    [SecretLength(16)]
    public string? ApiKey
    {
        get => _apiKey;
        set => _apiKey = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary><c>Server:ShutdownTimeoutSeconds</c>: how long a shutdown waits for requests and writes in flight.</summary>
    [IntegerRange(1, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// <c>Server:AllowedOrigins</c>: web origins (<c>scheme://host[:port]</c>) whose pages may call the API from a browser;
    /// they pass the cross-site check and get CORS answers. The server's own origin always may. Empty by default.
    /// </summary>
    public SettingList AllowedOrigins { get; set; } = [];

    /// <summary><c>Server:MaxRequestBodyMegabytes</c>: the largest request body; a larger one gets 413.</summary>
    [IntegerRange(1, 1024)]
    public int MaxRequestBodyMegabytes { get; set; } = 8;

    /// <summary>
    /// <c>Server:CheckDatabase</c>: run <c>PRAGMA quick_check</c> on the database before starting (and before an
    /// import), and refuse a damaged one with exit code 6. It reads the whole file: about 0.6 s for 100,000 memories
    /// from the OS cache.
    /// </summary>
    public bool CheckDatabase { get; set; } = true;

    /// <summary>How long a shutdown waits for requests and writes in flight.</summary>
    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(ShutdownTimeoutSeconds);

    /// <summary>The largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes => MaxRequestBodyMegabytes * 1024L * 1024;

    /// <summary>The allowed origins, each as <c>scheme://host[:port]</c> (valid once the options are validated).</summary>
    public IReadOnlyList<string> Origins =>
        [.. AllowedOrigins.Items.Select(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : o)];

    /// <summary>Whether <see cref="Host"/> is a loopback address.</summary>
    public bool IsLoopback => string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
                              (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The address to listen on.</summary>
    public IPAddress ListenAddress => string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(Host);

    /// <summary>The full path of the data folder.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    /// <summary>The database file in the data folder.</summary>
    public string DatabasePath => Path.Combine(DataPath, "perocore.db");

    /// <summary>How the database is opened under these settings.</summary>
    public PeroDatabaseOptions DatabaseOptions => new() { QuickCheck = CheckDatabase };
}
