namespace PeroCore.Memory.History;

/// <summary>What <see cref="MemoryEngine.ApplyBatchAsync"/> wrote.</summary>
/// <param name="CreatedIds">The ids of the added memories, in the order of the add operations.</param>
/// <param name="HistoryIds">The history rows written, in order.</param>
public sealed record BatchResult(IReadOnlyList<long> CreatedIds, IReadOnlyList<long> HistoryIds);
