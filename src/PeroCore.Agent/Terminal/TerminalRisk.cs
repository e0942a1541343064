namespace PeroCore.Agent.Terminal;

/// <summary>How risky the auditor judges a command (the original's levels).</summary>
public enum TerminalRisk
{
    /// <summary>Reads or prints only.</summary>
    Safe = 0,

    /// <summary>Unknown programs.</summary>
    Notice = 1,

    /// <summary>Deletes, downloads, runs code or touches the network.</summary>
    Warn = 2,

    /// <summary>Refused outright, never offered for confirmation.</summary>
    Block = 3,
}
