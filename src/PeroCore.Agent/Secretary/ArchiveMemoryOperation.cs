namespace PeroCore.Agent.Secretary;

/// <summary>Archives a memory: recall leaves it out, history and undo keep it. Never a delete.</summary>
public sealed record ArchiveMemoryOperation(long Id) : SecretaryOperation;
