namespace PeroCore.Server.Api;

/// <summary>
/// Hides secrets on read. A masked value starts with <see cref="Prefix"/>; writing a masked value back (as a
/// dashboard does when it saves a whole form) keeps the stored secret.
/// </summary>
internal static class SecretMask
{
    /// <summary>What every masked value starts with.</summary>
    public const string Prefix = "***";

    private static readonly string[] SecretWords = ["key", "secret", "token", "password"];

    /// <summary>Whether a setting key names a secret (<c>global_llm_api_key</c>, <c>ppc.apiKey</c>...).</summary>
    public static bool IsSecretKey(string key) =>
        SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>The masked form: <c>***</c> plus the last 4 characters of long secrets; null and empty stay as they are.</summary>
    public static string? Mask(string? secret) =>
        string.IsNullOrEmpty(secret) ? secret : secret.Length >= 12 ? Prefix + secret[^4..] : Prefix;

    /// <summary>Whether a value written by a client is a mask rather than a new secret.</summary>
    public static bool IsMasked(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);
}
