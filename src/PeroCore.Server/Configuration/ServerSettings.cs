using System.Net;

namespace PeroCore.Server.Configuration;

/// <summary>Host settings (section <c>Server</c>): where to listen, where the data lives, who may call.</summary>
public sealed record ServerSettings
{
    /// <summary>Default port, as in later versions of the original.</summary>
    public const int DefaultPort = 9120;

    /// <summary>Address to bind: an IP address or <c>localhost</c>. Default 127.0.0.1.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (used by tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The data folder (database, indexes, lock), resolved against the current directory.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Key clients must send (<c>Authorization: Bearer …</c> or <c>X-API-Key</c>); required off loopback.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long a shutdown waits for requests and writes in flight.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Web origins (<c>scheme://host[:port]</c>) whose pages may call the API from a browser: they pass the cross-site
    /// check and get CORS answers. The server's own origin always may. Empty by default: no other site may.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The largest request body accepted, in bytes; a larger one gets 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>Default of <see cref="MaxRequestBodyBytes"/>: 8 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Run <c>PRAGMA quick_check</c> on the database before starting (and before an import), and refuse a damaged
    /// one with exit code 6. It reads the whole file: about 0.6 s for 100,000 memories from the OS cache.
    /// </summary>
    public bool CheckDatabase { get; init; } = true;

    /// <summary>Whether <see cref="Host"/> is a loopback address.</summary>
    public bool IsLoopback => string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
                              (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The full path of the data folder.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    /// <summary>How the database is opened under these settings.</summary>
    public PeroCore.Memory.Storage.PeroDatabaseOptions DatabaseOptions => new() { QuickCheck = CheckDatabase };

    /// <summary>Reads and validates the <c>Server</c> section.</summary>
    public static ServerSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var settings = new ServerSettings
        {
            Host = reader.String("Server:Host", "127.0.0.1"),
            Port = reader.Int("Server:Port", DefaultPort, 0, 65535),
            DataDirectory = reader.String("Server:DataDirectory", "data"),
            ApiKey = reader.OptionalString("Server:ApiKey"),
            ShutdownTimeout = TimeSpan.FromSeconds(reader.Int("Server:ShutdownTimeoutSeconds", 30, 1, 600)),
            AllowedOrigins = ReadOrigins(reader),
            MaxRequestBodyBytes = reader.Int("Server:MaxRequestBodyMegabytes", (int)(DefaultMaxRequestBodyBytes / (1024 * 1024)), 1, 1024) * 1024L * 1024,
            CheckDatabase = reader.Bool("Server:CheckDatabase", true),
        };

        if (!settings.IsLoopback && !IPAddress.TryParse(settings.Host, out _))
        {
            reader.Error("Server:Host", settings.Host, "an IP address (such as 127.0.0.1 or 0.0.0.0) or localhost");
        }
        else if (!settings.IsLoopback && settings.ApiKey is null)
        {
            reader.Error("Server:ApiKey", null,
                $"set when Server:Host is not a loopback address (Host is '{settings.Host}'): anyone on the network could read and change your memories");
        }

        if (settings.ApiKey is { Length: < 16 })
        {
            reader.Error("Server:ApiKey", "***", "at least 16 characters long");
        }

        if (settings.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            reader.Error("Server:DataDirectory", settings.DataDirectory, "a valid folder path");
        }

        return settings;
    }

    private static List<string> ReadOrigins(SettingsReader reader)
    {
        var origins = new List<string>();
        foreach (var raw in reader.StringList("Server:AllowedOrigins"))
        {
            if (raw == "*")
            {
                reader.Error("Server:AllowedOrigins", raw, "a list of origins such as http://localhost:5173 ('*' would let every web page you visit use the server)");
            }
            else if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
                     uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                reader.Error("Server:AllowedOrigins", raw, "a list of origins, each scheme://host[:port] with no path, such as http://localhost:5173");
            }
            else
            {
                origins.Add(uri.GetLeftPart(UriPartial.Authority));
            }
        }

        return origins;
    }
}
