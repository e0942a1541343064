namespace PeroCore.Server.Configuration;

/// <summary>
/// Section <c>Tools:Terminal</c>: the terminal tool (<c>run_terminal_command</c>), off by default. It runs in the
/// workspace folder <c>Tools:WorkspaceDirectory</c> (default <c>&lt;data folder&gt;/workspace</c>).
/// </summary>
[SettingsSection("Tools:Terminal")]
internal sealed class TerminalOptions
{
    /// <summary><c>Tools:Terminal:Enabled</c>: offer the tool to the agent (every command still needs the owner's confirmation).</summary>
    public bool Enabled { get; set; }

    /// <summary><c>Tools:Terminal:ConfirmationTimeoutSeconds</c>: how long a command waits for the owner; unanswered is refused.</summary>
    [IntegerRange(1, 3600)]
    public int ConfirmationTimeoutSeconds { get; set; } = 120;

    /// <summary><c>Tools:Terminal:TimeoutSeconds</c>: how long an approved command may run before it is killed.</summary>
    [IntegerRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary><c>Tools:Terminal:MaxOutputChars</c>: characters kept of standard output and of standard error, each.</summary>
    [IntegerRange(100, 10_000_000)]
    public int MaxOutputChars { get; set; } = 20_000;
}
