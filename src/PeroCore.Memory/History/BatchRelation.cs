namespace PeroCore.Memory.History;

/// <summary>
/// A relation of an <see cref="AddMemoryOperation"/>: 0 names the memory being added, <c>-k</c> the k-th added memory of
/// the batch, a positive id a stored memory.
/// </summary>
public sealed record BatchRelation(long SourceId, long TargetId, string RelationType, double Strength, string? Description = null);
