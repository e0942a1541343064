namespace PeroCore.Memory.Graph;

/// <summary>
/// Parameters of one spreading-activation run. Immutable; derive variants with <c>with</c>, for example
/// <c>SpreadOptions.Default with { Steps = 3 }</c>.
/// </summary>
public sealed record SpreadOptions
{
    /// <summary>The largest supported <see cref="Steps"/>.</summary>
    public const int MaxSteps = 3;

    /// <summary>
    /// Gets the default preset: <see cref="SpreadRule.Frontier"/>, 2 steps, decay 0.5, emission threshold
    /// 0.05, cap 10, fan-out 32 heaviest edges per emitting node, at most 1024 emitting nodes per step, the
    /// 200 most activated nodes returned (seeds and non-seeds). First guesses, to be tuned on the benchmark.
    /// </summary>
    public static SpreadOptions Default { get; } = new();

    /// <summary>
    /// Gets the preset that reproduces the original exactly (spec/memory.md §3.3): <see cref="SpreadRule.SeedCompat"/>,
    /// 1 step, decay 1.0, emission threshold 0.01, cap 10, no fan-out or result limit, anchors (seeds) only.
    /// Use with a graph built with the default weights (relation 0.5 × strength, time axis 0.2).
    /// </summary>
    public static SpreadOptions SeedCompat { get; } = new()
    {
        Rule = SpreadRule.SeedCompat,
        Steps = 1,
        Decay = 1.0f,
        EmissionThreshold = 0.01f,
        Cap = 10.0f,
        MaxFanOut = 0,
        MaxFrontier = 0,
        MaxActivatedNodes = 0,
        AnchorsOnly = true,
    };

    /// <summary>Gets the propagation rule. Default <see cref="SpreadRule.Frontier"/>.</summary>
    public SpreadRule Rule { get; init; } = SpreadRule.Frontier;

    /// <summary>
    /// Gets how the energy a node receives in one step of the <see cref="SpreadRule.Frontier"/> rule is combined
    /// (the SeedCompat rule always sums, as the original does). Default <see cref="SpreadAggregation.Saturating"/>.
    /// </summary>
    public SpreadAggregation Aggregation { get; init; } = SpreadAggregation.Saturating;

    /// <summary>Gets the number of steps, 1 to <see cref="MaxSteps"/>. Default 2.</summary>
    public int Steps { get; init; } = 2;

    /// <summary>Gets the factor applied to every emission (0 to 1 in practice). Default 0.5.</summary>
    public float Decay { get; init; } = 0.5f;

    /// <summary>
    /// Gets the emission threshold: a node emits only energy <c>e ≥ EmissionThreshold</c> (and &gt; 0).
    /// Default 0.05.
    /// </summary>
    public float EmissionThreshold { get; init; } = 0.05f;

    /// <summary>Gets the saturation cap applied to every activation after each step. Default 10.</summary>
    public float Cap { get; init; } = 10.0f;

    /// <summary>
    /// Gets the maximum number of edges a node emits along per step, heaviest first; 0 means all.
    /// Bounds the work done for hub nodes. Default 32.
    /// </summary>
    public int MaxFanOut { get; init; } = 32;

    /// <summary>
    /// Gets the maximum number of nodes that emit in one step of the <see cref="SpreadRule.Frontier"/> rule
    /// (the SeedCompat rule ignores it): when more qualify, only the ones with the
    /// most energy to emit do (ties: earlier in the frontier). With <see cref="MaxFanOut"/> it bounds the
    /// work of a step to <c>MaxFrontier × MaxFanOut</c> edges whatever the graph. 0 means no limit.
    /// Default 1024.
    /// </summary>
    public int MaxFrontier { get; init; } = 1024;

    /// <summary>
    /// Gets the maximum number of nodes returned, the most activated first (ties: smaller id first);
    /// 0 means all. <see cref="SpreadResult.ActivatedCount"/> still counts every activated node. Default 200.
    /// </summary>
    public int MaxActivatedNodes { get; init; } = 200;

    /// <summary>
    /// Gets whether the result is restricted to the seeds (the original re-scores its anchors only).
    /// Default <see langword="false"/>: non-seed memories reached through the graph are returned too.
    /// </summary>
    public bool AnchorsOnly { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Rule))
        {
            throw new ArgumentOutOfRangeException(nameof(Rule), Rule, "Unknown spread rule.");
        }

        if (!Enum.IsDefined(Aggregation))
        {
            throw new ArgumentOutOfRangeException(nameof(Aggregation), Aggregation, "Unknown spread aggregation.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Steps, MaxSteps);
        if (!float.IsFinite(Decay) || Decay < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Decay), Decay, "Must be finite and not negative.");
        }

        if (!float.IsFinite(EmissionThreshold) || EmissionThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EmissionThreshold), EmissionThreshold, "Must be finite and not negative.");
        }

        if (float.IsNaN(Cap) || Cap <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Cap), Cap, "Must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxFanOut);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxFrontier);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxActivatedNodes);
    }
}
