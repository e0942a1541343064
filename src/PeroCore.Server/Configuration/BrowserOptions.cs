namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Browser</c>: the browser extension's socket (<c>/ws/browser</c>).</summary>
[SettingsSection("Browser")]
internal sealed class BrowserOptions
{
    /// <summary><c>Browser:IdleTimeoutSeconds</c>: an extension that sends nothing (not even <c>ping</c>) this long is disconnected.</summary>
    [IntegerRange(1, 3600)]
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Browser:CommandTimeoutSeconds</c>: how long a command waits for the extension's <c>command_result</c>.</summary>
    [IntegerRange(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Browser:PageInfoTimeoutSeconds</c>: how long a successful command then waits for the next page info (0: not at all).</summary>
    [IntegerRange(0, 60)]
    public int PageInfoTimeoutSeconds { get; set; } = 5;

    /// <summary>The idle limit.</summary>
    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleTimeoutSeconds);

    /// <summary>The command limit.</summary>
    public TimeSpan CommandTimeout => TimeSpan.FromSeconds(CommandTimeoutSeconds);

    /// <summary>The page-info wait.</summary>
    public TimeSpan PageInfoTimeout => TimeSpan.FromSeconds(PageInfoTimeoutSeconds);
}
