namespace PeroCore.Agent.Terminal;

/// <summary>Limits of the terminal tool.</summary>
public sealed class TerminalToolOptions
{
    /// <summary>The folder commands run in (and below); created when missing.</summary>
    public required string WorkspaceDirectory { get; init; }

    /// <summary>How long the user has to confirm a command; unanswered is refused.</summary>
    public TimeSpan ConfirmationTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a command may run before it is killed.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The most characters kept of standard output and of standard error, each.</summary>
    public int MaxOutputChars { get; init; } = 20_000;
}
