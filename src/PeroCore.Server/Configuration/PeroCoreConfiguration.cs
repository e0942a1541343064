namespace PeroCore.Server.Configuration;

/// <summary>
/// Where settings come from, later sources winning: the shipped appsettings.json, ./appsettings.json,
/// <c>PEROCORE__</c> environment variables, an optional in-code source, then the command line.
/// </summary>
internal static class PeroCoreConfiguration
{
    /// <summary>Command-line shortcuts for the common host settings.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--host"] = "Server:Host",
        ["--port"] = "Server:Port",
        ["--data"] = "Server:DataDirectory",
        ["--api-key"] = "Server:ApiKey",
    };

    /// <summary>Replaces the sources of <paramref name="configuration"/> with PeroCore's, in precedence order.</summary>
    /// <exception cref="SettingsException">A file cannot be read or the command line is malformed.</exception>
    public static void Apply(IConfigurationBuilder configuration, string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(args);
        configuration.Sources.Clear();
        try
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
            configuration.AddJsonFile(shipped, optional: true, reloadOnChange: false);
            var local = Path.Combine(Environment.CurrentDirectory, "appsettings.json");
            if (!string.Equals(Path.GetFullPath(local), Path.GetFullPath(shipped), StringComparison.Ordinal))
            {
                configuration.AddJsonFile(local, optional: true, reloadOnChange: false);
            }

            configuration.AddEnvironmentVariables("PEROCORE__");
            configure?.Invoke(configuration);
            configuration.AddCommandLine(args, SwitchMappings.ToDictionary(StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new SettingsException($"Could not read the configuration: {ex.Message}", ex);
        }
    }

    /// <summary>Builds a standalone configuration (for CLI verbs that do not start the web host).</summary>
    public static IConfigurationRoot Build(string[] args)
    {
        var manager = new ConfigurationManager();
        Apply(manager, args);
        return manager;
    }
}
