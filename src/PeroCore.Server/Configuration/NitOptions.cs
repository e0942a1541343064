using PeroCore.Nit.Runtime;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Nit</c>: the limits the NIT interpreter puts on the scripts the agent writes.</summary>
[SettingsSection("Nit")]
internal sealed class NitOptions
{
    private static readonly NitRuntimeOptions Defaults = new();

    /// <summary><c>Nit:MaxStatements</c>: statements per block.</summary>
    [IntegerRange(1, 100_000)]
    public int MaxStatements { get; set; } = Defaults.MaxStatements;

    /// <summary><c>Nit:MaxVariables</c>: variables per block.</summary>
    [IntegerRange(0, 100_000)]
    public int MaxVariables { get; set; } = Defaults.MaxVariables;

    /// <summary><c>Nit:MaxStringLength</c>: the longest string kept in a variable (longer ones are cut and marked).</summary>
    [IntegerRange(1, 10_000_000)]
    public int MaxStringLength { get; set; } = Defaults.MaxStringLength;

    /// <summary><c>Nit:PreviewLength</c>: code points of each statement's value in the summary the model reads.</summary>
    [IntegerRange(0, 1_000_000)]
    public int PreviewLength { get; set; } = Defaults.PreviewLength;

    /// <summary><c>Nit:MaxValueSize</c>: formatted characters any value a script builds or keeps may take.</summary>
    [IntegerRange(1, 100_000_000)]
    public int MaxValueSize { get; set; } = Defaults.MaxValueSize;

    /// <summary>The interpreter's options.</summary>
    public NitRuntimeOptions ToRuntimeOptions() => new()
    {
        MaxStatements = MaxStatements,
        MaxVariables = MaxVariables,
        MaxStringLength = MaxStringLength,
        PreviewLength = PreviewLength,
        MaxValueSize = MaxValueSize,
    };
}
