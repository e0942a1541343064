namespace PeroCore.Memory.History;

/// <summary>Adds a relation (or changes its strength and description).</summary>
public sealed record RelateMemoryOperation(long SourceId, long TargetId, string RelationType, double Strength, string? Description) : MemoryOperation;
