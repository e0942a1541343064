namespace PeroCore.Server.Configuration;

/// <summary>The one shape of a start-up error: <c>Key must be EXPECTED (got 'VALUE').</c></summary>
internal static class SettingsMessage
{
    /// <summary>Formats the message; <paramref name="found"/> null leaves the value out.</summary>
    public static string Format(string key, string expected, string? found) =>
        found is null ? $"{key} must be {expected}." : $"{key} must be {expected} (got '{found}').";
}
