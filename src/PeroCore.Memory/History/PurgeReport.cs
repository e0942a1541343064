namespace PeroCore.Memory.History;

/// <summary>What a purge erased.</summary>
/// <param name="MemoryDeleted">The memory existed and was deleted.</param>
/// <param name="HistoryRowsDeleted">History rows removed (its own, and import batches that listed only it).</param>
/// <param name="HistoryRowsRewritten">History rows of other memories (or import batches) whose JSON named it and was rewritten without it.</param>
public sealed record PurgeReport(bool MemoryDeleted, int HistoryRowsDeleted, int HistoryRowsRewritten);
