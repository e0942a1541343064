namespace PeroCore.Agent.Browser;

/// <summary>
/// The bridge to the user's browser extension (<c>/ws/browser</c>): sends a command to the connected extension and
/// waits for its result. Thread-safe: concurrent commands each get their own result.
/// </summary>
public interface IBrowserBridge
{
    /// <summary>Whether an extension is connected.</summary>
    bool IsConnected { get; }

    /// <summary>The page the extension last reported (<c>pageInfoUpdate</c>), or null when none is connected.</summary>
    BrowserPageInfo? LatestPageInfo { get; }

    /// <summary>
    /// Sends <paramref name="command"/> (<c>open_url</c>, <c>click</c>, <c>type</c>, <c>scroll</c>, <c>back</c>,
    /// <c>refresh</c>) and waits for its result, then (with <see cref="BrowserCommandArgs.WaitForPageInfo"/>) briefly for
    /// the page it leads to. Never throws for a browser-side failure: no extension, a timeout, a dropped connection and
    /// the extension's own errors all come back as a result with <see cref="BrowserCommandResult.IsSuccess"/> false.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<BrowserCommandResult> SendCommandAsync(string command, BrowserCommandArgs args, CancellationToken cancellationToken = default);
}
