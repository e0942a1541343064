namespace PeroCore.Server.Api;

/// <summary>
/// <c>GET /api/queues</c>. <c>idle</c> is true when nothing waits (failed analyses and unread pushes do not count: they
/// wait for a person, not for the server).
/// </summary>
internal sealed record QueuesResponse(bool Idle, ScorerQueueJson Scorer, CountJson Linking, CountJson Reembed, IndexQueueJson Index, EventQueueJson Events);

/// <summary>The scorer's exchanges (a message and its reply): waiting, being analysed, failed (see the History page to retry).</summary>
internal sealed record ScorerQueueJson(long Pending, long Processing, long Failed);

/// <summary>How many items wait.</summary>
internal sealed record CountJson(long Pending);

/// <summary>The vector indexes: memory and tag vectors, those not yet audited for reachability, unreachable ones, graph nodes.</summary>
internal sealed record IndexQueueJson(IndexSizeJson Memory, IndexSizeJson Tags, int Unaudited, int Orphans, int GraphNodes);

/// <summary>One vector index: live vectors, in the HNSW graph, waiting for it, removed but not yet cleaned up, memory used.</summary>
internal sealed record IndexSizeJson(long Count, long Indexed, int Pending, int Stale, long MemoryBytes);

/// <summary>The events outbox: stored pushes, those no client marked read, and the clients connected now.</summary>
internal sealed record EventQueueJson(long Total, long Unread, int Clients);
