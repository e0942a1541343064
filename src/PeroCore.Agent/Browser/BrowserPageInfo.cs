namespace PeroCore.Agent.Browser;

/// <summary>The page the browser extension reported: its title, URL and a simplified Markdown of what is visible.</summary>
public sealed record BrowserPageInfo(string Title, string Url, string Markdown)
{
    /// <summary>When the server received it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}
