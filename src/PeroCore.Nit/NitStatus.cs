namespace PeroCore.Nit;

/// <summary>Status of a block, statement or tool invocation.</summary>
public enum NitStatus
{
    /// <summary>Everything ran without error.</summary>
    Success,

    /// <summary>
    /// A syntax error, a tool failure, an unknown tool or an undefined variable (counts for the
    /// 3-strike breaker and triggers reflection).
    /// </summary>
    Error,

    /// <summary>Not executed because the NIT-ID handshake failed (does not count as an error).</summary>
    Blocked,

    /// <summary>Not executed because of the hybrid dispatch policy (legacy block next to a script block).</summary>
    Skipped,
}
