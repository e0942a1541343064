namespace PeroCore.Nit.Runtime;

/// <summary>Limits and output settings of the interpreter (spec §2.4 and §2.8, profile R defaults).</summary>
public sealed class NitRuntimeOptions
{
    /// <summary>Suffix appended to a string cut by <see cref="MaxStringLength"/>.</summary>
    public const string TruncationSuffix = "... [Truncated by NIT Safety]";

    /// <summary>Code points of each statement's value shown in the summary (default 1000; the seed showed 50).</summary>
    public int PreviewLength { get; init; } = 1000;

    /// <summary>Variables per block (default 100). A new variable beyond this is not stored (a warning is logged).</summary>
    public int MaxVariables { get; init; } = 100;

    /// <summary>Longest string kept in a variable (default 100 000 chars); longer values are cut and marked.</summary>
    public int MaxStringLength { get; init; } = 100_000;

    /// <summary>Statements per block (default 1000); a longer script fails to run with an error.</summary>
    public int MaxStatements { get; init; } = 1000;

    /// <summary>Checks the values are usable.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(this.PreviewLength);
        ArgumentOutOfRangeException.ThrowIfNegative(this.MaxVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.MaxStringLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.MaxStatements, 1);
    }
}
