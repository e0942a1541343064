using PeroCore.Memory;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;
using PeroCore.Server.Realtime;

namespace PeroCore.Server.Api;

/// <summary>
/// <c>GET /api/queues</c>: the background work waiting now (the scorer's exchanges, memories waiting for links, vectors
/// waiting for the HNSW graph or for re-embedding, unread pushes) and the index sizes, for the dashboard's status page.
/// </summary>
internal static class QueueEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/queues", async (MemoryEngine engine, PeroStore store, EventHub events, CancellationToken ct) =>
        {
            var (pending, processing, failed) = await new ActivityQueries(store.Database).CountAnalysisAsync(ct).ConfigureAwait(false);
            var engineStatus = await engine.GetQueueStatusAsync(ct).ConfigureAwait(false);
            var (total, unread) = await events.Outbox.CountAsync(ct).ConfigureAwait(false);
            var scorer = new ScorerQueueJson(pending, processing, failed);
            var index = new IndexQueueJson(Of(engineStatus.MemoryIndex), Of(engineStatus.TagIndex), engineStatus.UnauditedVectors, engineStatus.OrphanVectors,
                engineStatus.GraphNodes);
            var idle = pending + processing == 0 && engineStatus.PendingLinks == 0 && engineStatus.PendingReembed == 0
                       && engineStatus.MemoryIndex.PendingCount == 0 && engineStatus.TagIndex.PendingCount == 0;
            return TypedResults.Ok(new QueuesResponse(idle, scorer, new CountJson(engineStatus.PendingLinks), new CountJson(engineStatus.PendingReembed), index,
                new EventQueueJson(total, unread, events.SubscriberCount)));
        });

    private static IndexSizeJson Of(VectorIndexStats s) => new(s.Count, s.IndexedCount, s.PendingCount, s.StaleCount, s.ApproximateMemoryBytes);
}
