namespace PeroCore.Agent.Browser;

/// <summary>The arguments of a browser command (the original's <c>target</c>, <c>text</c>, <c>url</c>, <c>wait_for_page_info</c>).</summary>
public sealed record BrowserCommandArgs
{
    /// <summary>An element: XPath, CSS selector, or its text.</summary>
    public string? Target { get; init; }

    /// <summary>Text to type, or the scroll direction (<c>up</c>/<c>down</c>).</summary>
    public string? Text { get; init; }

    /// <summary>The URL to open.</summary>
    public string? Url { get; init; }

    /// <summary>Whether to wait, after the result, for the page info the command leads to.</summary>
    public bool WaitForPageInfo { get; init; } = true;
}
