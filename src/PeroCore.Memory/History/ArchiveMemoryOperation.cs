namespace PeroCore.Memory.History;

/// <summary>Archives a memory.</summary>
public sealed record ArchiveMemoryOperation(long Id) : MemoryOperation;
