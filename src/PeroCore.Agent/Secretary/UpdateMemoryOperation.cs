using PeroCore.Memory.Ingestion;

namespace PeroCore.Agent.Secretary;

/// <summary>Edits a memory (null fields of <see cref="Edit"/> stay as they are).</summary>
public sealed record UpdateMemoryOperation(long Id, MemoryEdit Edit) : SecretaryOperation;
