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

    /// <summary>
    /// Largest value a script may build or keep, in characters of its formatted form (default 1 000 000): a list or
    /// dictionary literal, a value stored in a variable (a tool's result included, after <see cref="MaxStringLength"/>)
    /// and a background task's result. A value referenced twice counts twice. A larger value stops the script with
    /// <c>Runtime error at line L, col C: Value too large ...</c>; a task result that is too large fails the task.
    /// </summary>
    public int MaxValueSize { get; init; } = 1_000_000;

    /// <summary>Checks the values are usable.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(PreviewLength);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStringLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStatements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxValueSize, 1);
    }
}
