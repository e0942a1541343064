using PeroCore.Memory.Storage;

namespace PeroCore.Memory.History;

/// <summary>Adds a memory (with its vector, time-axis place and the given relations); its history op is <see cref="Op"/>.</summary>
public sealed record AddMemoryOperation(NewMemory Memory, IReadOnlyList<BatchRelation> Relations, string Op = MemoryHistoryOps.Create) : MemoryOperation;
