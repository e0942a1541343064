using System.Text.Json;

namespace PeroCore.Agent.Browser;

/// <summary>What a browser command came to.</summary>
/// <param name="Status"><c>success</c> or <c>error</c>.</param>
/// <param name="Result">The extension's <c>result</c> value, if it sent one.</param>
/// <param name="PageContent">The extension's <c>page_content</c>, if it sent one.</param>
/// <param name="Error">Why it failed (the extension's error, or the server's: no extension, timeout, connection lost).</param>
/// <param name="PageInfo">The page info that followed the command, when it was awaited and arrived in time.</param>
public sealed record BrowserCommandResult(string Status, JsonElement? Result, string? PageContent, string? Error, BrowserPageInfo? PageInfo)
{
    /// <summary>Whether the command succeeded.</summary>
    public bool IsSuccess => string.Equals(Status, "success", StringComparison.Ordinal);

    /// <summary>A failed result with the given reason.</summary>
    public static BrowserCommandResult Failed(string error) => new("error", null, null, error, null);
}
