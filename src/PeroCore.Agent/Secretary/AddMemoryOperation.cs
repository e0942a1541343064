using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary;

/// <summary>Adds a memory; <see cref="DerivedFrom"/> lists the memories it was made from (a <c>derived_from</c> relation to each).</summary>
public sealed record AddMemoryOperation(NewMemory Memory, IReadOnlyList<long> DerivedFrom) : SecretaryOperation;
