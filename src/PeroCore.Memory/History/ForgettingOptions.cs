namespace PeroCore.Memory.History;

/// <summary>
/// How memories fade (<see cref="MemoryEngine.ForgetAsync"/>). A memory's strength is
/// <c>base_importance × 0.5^(days since last access / HalfLifeDays) × (1 + AccessWeight × ln(1 + access_count))</c>:
/// it decays with time since it was last recalled and is reinforced by use. Below <see cref="Threshold"/> the memory is
/// archived (never deleted), with a history row.
/// </summary>
public sealed record ForgettingOptions
{
    /// <summary>Days for the strength to halve without use (default 90).</summary>
    public double HalfLifeDays { get; init; } = 90;

    /// <summary>Weight of the use bonus <c>ln(1 + access_count)</c> (default 0.5).</summary>
    public double AccessWeight { get; init; } = 0.5;

    /// <summary>Strength below which a memory is archived (default 0.5: a memory of importance 1 never recalled goes after one half-life).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Memories accessed (or written) more recently than this are never archived (default 30 days).</summary>
    public double MinIdleDays { get; init; } = 30;

    /// <summary>At most this many memories are archived by one pass, the weakest first (default 500).</summary>
    public int MaxArchivedPerPass { get; init; } = 500;

    /// <summary>Memory types that never fade (default none).</summary>
    public IReadOnlyList<string> ExemptTypes { get; init; } = [];

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(HalfLifeDays) || HalfLifeDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HalfLifeDays), HalfLifeDays, "HalfLifeDays must be positive.");
        }

        if (!double.IsFinite(AccessWeight) || AccessWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AccessWeight), AccessWeight, "AccessWeight must not be negative.");
        }

        if (!double.IsFinite(Threshold) || Threshold < 0 || Threshold > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Threshold must be between 0 and 10.");
        }

        if (!double.IsFinite(MinIdleDays) || MinIdleDays < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinIdleDays), MinIdleDays, "MinIdleDays must not be negative.");
        }

        if (MaxArchivedPerPass is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxArchivedPerPass), MaxArchivedPerPass, "MaxArchivedPerPass must be between 1 and 100000.");
        }
    }

    /// <summary>The strength of a memory at <paramref name="now"/>.</summary>
    public double Strength(double baseImportance, int accessCount, DateTimeOffset lastAccessed, DateTimeOffset now)
    {
        var idleDays = Math.Max(0, (now - lastAccessed).TotalDays);
        return baseImportance * Math.Pow(0.5, idleDays / HalfLifeDays) * (1 + (AccessWeight * Math.Log(1 + Math.Max(0, accessCount))));
    }
}
