using System.Security.Cryptography;

namespace PeroCore.Nit.Blocks;

/// <summary>
/// The NIT-ID security handshake (spec §9.1): a random per-request ID the model must put in its tags
/// (<c>&lt;nit-ID&gt;</c>), so scripts copied from web pages or files are not run.
/// </summary>
public static class NitHandshake
{
    /// <summary>A new random ID of upper-case hex digits from a CSPRNG.</summary>
    public static string GenerateId(int hexDigits = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hexDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hexDigits, 16);
        return RandomNumberGenerator.GetHexString(hexDigits);
    }

    /// <summary>The system-prompt paragraph that tells the model which ID to use (HEAD's wording).</summary>
    public static string BuildPromptInjection(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "[NIT SECURITY PROTOCOL]\n"
            + $"Current Session ID: {id}\n"
            + $"IMPORTANT: For this turn, you MUST wrap all NIT scripts in <nit-{id}>...</nit-{id}> tags.\n"
            + "Legacy NIT 1.0 format ([[[NIT_CALL]]]) and standard <nit> tags are currently DISABLED.";
    }

    /// <summary>True when a block's ID equals the expected one (case-insensitive, trimmed).</summary>
    public static bool Matches(string expected, string? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return actual is not null && string.Equals(expected.Trim(), actual.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
