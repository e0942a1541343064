namespace PeroCore.Agent.Secretary;

/// <summary>
/// What a step decided, already validated: the memory operations to apply in one transaction, the count it reports,
/// and optionally a change outside the memory store (the Live2D lines) applied after the operations.
/// </summary>
public sealed record SecretaryPlan(IReadOnlyList<SecretaryOperation> Operations, int Count)
{
    /// <summary>A change outside the memory store, run after the operations were applied.</summary>
    public Func<CancellationToken, Task>? ApplyOutside { get; init; }

    /// <summary>A pass that writes by itself within the run (forgetting) and returns the memories it archived.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<long>>>? ApplyPass { get; init; }

    /// <summary>The Live2D lines before and after <see cref="ApplyOutside"/> (kept in the record, so undoing the run can put them back).</summary>
    public PetLinesChange? PetLines { get; init; }

    /// <summary>A short human note on what the plan does (kept in the record).</summary>
    public string? Note { get; init; }
}
