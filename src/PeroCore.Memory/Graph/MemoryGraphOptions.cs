namespace PeroCore.Memory.Graph;

/// <summary>
/// Edge weights and maintenance settings of a <see cref="MemoryGraph"/>. The weights are baked into the
/// edges when they are added, so they are fixed for the lifetime of a graph.
/// </summary>
public sealed record MemoryGraphOptions
{
    /// <summary>Gets the shared default options (relation weight 0.5, time weight 0.2).</summary>
    public static MemoryGraphOptions Default { get; } = new();

    /// <summary>
    /// Gets the factor applied to a relation row's strength: each <c>memory_relation</c> row adds
    /// <c>RelationWeight × strength</c> to the undirected edge between its two memories. Default 0.5.
    /// </summary>
    public float RelationWeight { get; init; } = 0.5f;

    /// <summary>Gets the weight of a time-axis (prev/next) edge. Default 0.2.</summary>
    public float TimeWeight { get; init; } = 0.2f;

    /// <summary>
    /// Gets the minimum number of adjacency entries held outside the compact arrays (in per-node overrides
    /// written since the last compaction) before an automatic compaction. Default 65,536.
    /// </summary>
    public int MinCompactionEntries { get; init; } = 1 << 16;

    /// <summary>
    /// Gets the fraction of the compact arrays' size that the overrides may reach before an automatic
    /// compaction (whichever of this and <see cref="MinCompactionEntries"/> is larger). Default 0.25, so the
    /// O(N + E) compaction cost is amortised over a proportional number of writes.
    /// </summary>
    public double CompactionRatio { get; init; } = 0.25;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!float.IsFinite(RelationWeight) || RelationWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RelationWeight), RelationWeight, "Must be finite and not negative.");
        }

        if (!float.IsFinite(TimeWeight) || TimeWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeWeight), TimeWeight, "Must be finite and not negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinCompactionEntries);
        if (!double.IsFinite(CompactionRatio) || CompactionRatio < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CompactionRatio), CompactionRatio, "Must be finite and not negative.");
        }
    }
}
