namespace PeroCore.Server.Api;

/// <summary>The answer to a revert: the memory as it is now (null when the revert removed it) and the revert's own history row.</summary>
internal sealed record MemoryRevertResponse(string Status, long Id, MemoryJson? Memory, MemoryHistoryJson History);
