namespace PeroCore.Server.Cli;

/// <summary>
/// The command-line form of any setting: <c>--Section:Key=VALUE</c> or <c>--Section:Key VALUE</c> (and the top-level
/// <c>--AllowedHosts</c>). They are taken out of the arguments before the verbs' own options are parsed, and handed to
/// the configuration as <c>--Section:Key=VALUE</c>, where they override the files and the environment.
/// </summary>
internal static class SettingArguments
{
    private static readonly string[] TopLevelKeys = ["AllowedHosts"];

    /// <summary>
    /// Splits <paramref name="args"/> into the settings (normalised to <c>--Key=VALUE</c>) and the rest, in order; a
    /// setting whose value is missing is returned in <paramref name="missingValue"/>.
    /// </summary>
    public static (List<string> Settings, List<string> Others) Split(IReadOnlyList<string> args, out string? missingValue)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new List<string>();
        var rest = new List<string>();
        missingValue = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsSetting(arg))
            {
                rest.Add(arg);
            }
            else if (arg.Contains('=', StringComparison.Ordinal))
            {
                settings.Add(arg);
            }
            else if (i + 1 < args.Count)
            {
                settings.Add($"{arg}={args[++i]}");
            }
            else
            {
                missingValue ??= arg;
            }
        }

        return (settings, rest);
    }

    /// <summary>Whether <paramref name="arg"/> names a configuration key (<c>--Section:Key</c>, with or without <c>=VALUE</c>).</summary>
    public static bool IsSetting(string arg)
    {
        ArgumentNullException.ThrowIfNull(arg);
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var key = arg[2..].Split('=', 2)[0];
        return (key.Length > 0 && key.Contains(':', StringComparison.Ordinal) && !key.StartsWith(':') && !key.EndsWith(':') && !key.Contains(' ', StringComparison.Ordinal))
            || TopLevelKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
    }
}
