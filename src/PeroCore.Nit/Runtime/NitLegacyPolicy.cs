namespace PeroCore.Nit.Runtime;

/// <summary>What the dispatcher does with NIT 1.0 blocks (spec §3.3).</summary>
public enum NitLegacyPolicy
{
    /// <summary>Run them after all script blocks, as the seed does (default).</summary>
    Execute,

    /// <summary>Run them only when the reply has no script block; otherwise report them as skipped (no double execution).</summary>
    SkipWhenScriptPresent,

    /// <summary>Never run them; report them as skipped.</summary>
    Disabled,
}
