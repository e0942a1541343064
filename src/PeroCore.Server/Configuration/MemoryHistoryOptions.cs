using PeroCore.Memory.History;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Memory:History</c>: how long memory history is kept, and how memories fade (the forgetting pass).</summary>
[SettingsSection("Memory:History")]
internal sealed class MemoryHistoryOptions
{
    private static readonly ForgettingOptions Defaults = new();

    /// <summary>
    /// <c>Memory:History:RetentionDays</c>: history rows older than this are deleted by a background pass (by age only:
    /// a run older than this can no longer be undone); 0 keeps history forever.
    /// </summary>
    [IntegerRange(0, 36_500)]
    public int RetentionDays { get; set; } = 365;

    /// <summary><c>Memory:History:PruneIntervalMinutes</c>: how often old history is pruned (also once at start).</summary>
    [IntegerRange(1, 10_080)]
    public int PruneIntervalMinutes { get; set; } = 1440;

    /// <summary><c>Memory:History:ForgettingHalfLifeDays</c>: days for an unused memory's strength to halve.</summary>
    [NumberRange(0.001, 36_500)]
    public double ForgettingHalfLifeDays { get; set; } = Defaults.HalfLifeDays;

    /// <summary><c>Memory:History:ForgettingAccessWeight</c>: how much each recall (ln(1 + access count)) strengthens a memory.</summary>
    [NumberRange(0, 100)]
    public double ForgettingAccessWeight { get; set; } = Defaults.AccessWeight;

    /// <summary><c>Memory:History:ForgettingThreshold</c>: below this strength a memory is archived by the forgetting pass.</summary>
    [NumberRange(0, 10)]
    public double ForgettingThreshold { get; set; } = Defaults.Threshold;

    /// <summary><c>Memory:History:ForgettingMinIdleDays</c>: memories used more recently than this are never archived.</summary>
    [NumberRange(0, 36_500)]
    public double ForgettingMinIdleDays { get; set; } = Defaults.MinIdleDays;

    /// <summary><c>Memory:History:ForgettingMaxPerPass</c>: at most this many memories archived by one pass.</summary>
    [IntegerRange(1, 100_000)]
    public int ForgettingMaxPerPass { get; set; } = Defaults.MaxArchivedPerPass;

    /// <summary>How long history is kept, or null for forever.</summary>
    public TimeSpan? Retention => RetentionDays == 0 ? null : TimeSpan.FromDays(RetentionDays);

    /// <summary>Time between prunes.</summary>
    public TimeSpan PruneInterval => TimeSpan.FromMinutes(PruneIntervalMinutes);

    /// <summary>The engine's forgetting settings.</summary>
    public ForgettingOptions ToForgettingOptions() => new()
    {
        HalfLifeDays = ForgettingHalfLifeDays,
        AccessWeight = ForgettingAccessWeight,
        Threshold = ForgettingThreshold,
        MinIdleDays = ForgettingMinIdleDays,
        MaxArchivedPerPass = ForgettingMaxPerPass,
    };
}
