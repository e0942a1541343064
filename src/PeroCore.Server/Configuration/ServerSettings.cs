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
}
