using PeroCore.Memory.Ingestion;

namespace PeroCore.Memory.History;

/// <summary>Changes a memory (content or tag changes are re-embedded).</summary>
public sealed record UpdateMemoryOperation(long Id, MemoryEdit Edit) : MemoryOperation;
