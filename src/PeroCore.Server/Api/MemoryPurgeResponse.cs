namespace PeroCore.Server.Api;

/// <summary>The answer to a purge: what was erased.</summary>
internal sealed record MemoryPurgeResponse(string Status, long Id, bool Purged, bool MemoryDeleted, int HistoryRowsDeleted, int HistoryRowsRewritten);
