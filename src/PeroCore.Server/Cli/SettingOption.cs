using System.CommandLine;

namespace PeroCore.Server.Cli;

/// <summary>A short option for one setting, such as <c>--port N</c> for <c>Server:Port</c>.</summary>
internal sealed class SettingOption
{
    private SettingOption(string name, string key, string valueName, string description)
    {
        Key = key;
        Option = new Option<string>(name) { Description = description, HelpName = valueName };
    }

    /// <summary>The option.</summary>
    public Option<string> Option { get; }

    /// <summary>The configuration key it sets.</summary>
    public string Key { get; }

    /// <summary><c>--host ADDRESS</c>.</summary>
    public static SettingOption Host() => new("--host", "Server:Host", "ADDRESS", "Bind address (Server:Host, default 127.0.0.1); any other than loopback needs --api-key.");

    /// <summary><c>--port N</c>.</summary>
    public static SettingOption Port() => new("--port", "Server:Port", "N", "TCP port (Server:Port, default 9120; 0 picks a free one).");

    /// <summary><c>--data FOLDER</c>.</summary>
    public static SettingOption Data() => new("--data", "Server:DataDirectory", "FOLDER", "Data folder (Server:DataDirectory, default ./data).");

    /// <summary><c>--api-key KEY</c>.</summary>
    public static SettingOption ApiKey() => new("--api-key", "Server:ApiKey", "KEY", "Key clients must send (Server:ApiKey, at least 16 characters).");

    /// <summary>The configuration arguments: <paramref name="settings"/>, then the short options given (they win).</summary>
    public static string[] Arguments(ParseResult result, IReadOnlyList<string> settings, params SettingOption[] options)
    {
        ArgumentNullException.ThrowIfNull(result);
        return
        [
            .. settings,
            .. options.Select(o => (o.Key, Value: result.GetValue(o.Option))).Where(o => o.Value is not null).Select(o => $"--{o.Key}={o.Value}"),
        ];
    }
}
