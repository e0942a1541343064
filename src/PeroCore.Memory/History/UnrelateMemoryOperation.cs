namespace PeroCore.Memory.History;

/// <summary>Removes a relation by id.</summary>
public sealed record UnrelateMemoryOperation(long RelationId) : MemoryOperation;
