using Microsoft.Extensions.Logging;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory;

/// <summary>
/// The background linker: memories imported with <see cref="Ingestion.RelationLinking.Deferred"/> are queued in
/// <c>memory_link_pending</c> with the memory itself, and related here to their nearest older neighbours and to the
/// latest older memories sharing a tag, once their vectors are in the HNSW graph. The same relations the inline
/// path makes, without a vector search on the import's critical path.
/// </summary>
public sealed partial class MemoryEngine
{
    private const int LinkChunk = 512;

    private readonly SemaphoreSlim _linkSignal = new(0, int.MaxValue);
    private TaskCompletionSource _linkDrained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Memories waiting for the background linker.</summary>
    public Task<long> CountPendingLinksAsync(CancellationToken cancellationToken = default) =>
        Store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT count(*) FROM memory_link_pending", ct), cancellationToken);

    /// <summary>Waits until every memory queued for linking is linked (and its relations are in the graph).</summary>
    /// <exception cref="InvalidOperationException">A linking pass failed (its cause is the inner exception); the queue is kept.</exception>
    public async Task WaitForLinkingAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        while (true)
        {
            var drained = Volatile.Read(ref _linkDrained);
            RequestLinking();
            await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (await CountPendingLinksAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return;
            }
        }
    }

    private void RequestLinking()
    {
        try
        {
            if (_linkSignal.CurrentCount == 0)
            {
                _linkSignal.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The engine closed meanwhile; the queue is in the database and is linked after the next open.
        }
    }

    private async Task LinkLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _linkSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Neighbours come from the HNSW graph, so let the indexer catch up first (it runs on its own threads),
                // and find the vectors the graph cannot reach, which SearchVectors compares exactly.
                await Index.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
                await WaitForAuditAsync(cancellationToken).ConfigureAwait(false);
                while (await LinkPendingChunkAsync(cancellationToken).ConfigureAwait(false) > 0)
                {
                }

                Interlocked.Exchange(ref _linkDrained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                LogLinkingFailed(_logger, ex);
                Interlocked.Exchange(ref _linkDrained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetException(new InvalidOperationException("Linking imported memories failed; they stay queued and are retried on the next import or restart.", ex));
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Links the oldest queued memories; returns how many were dequeued. The vector searches run in parallel
    /// before the write gate is taken; the relations are written in one transaction, skipping memories deleted
    /// in between.
    /// </summary>
    private async Task<int> LinkPendingChunkAsync(CancellationToken cancellationToken)
    {
        var options = Options.Ingestion;
        var queued = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null, """
            SELECT p.memory_id, m.tags, CASE WHEN m.embedding_model = $model THEN m.embedding END
            FROM memory_link_pending p JOIN memory m ON m.id = p.memory_id
            ORDER BY p.memory_id LIMIT $n
            """,
            r => (Id: r.GetInt64(0), Tags: TagList.Parse(r.GetString(1)), Vector: r.IsDBNull(2) ? null : VectorBlob.Decode((byte[])r.GetValue(2))),
            ct, ("$model", ModelKey), ("$n", LinkChunk)), cancellationToken).ConfigureAwait(false);

        // Older memories only, as if linked when it was written; ask for a few more to make up for newer hits.
        var neighbours = new List<VectorSearchHit>[queued.Count];
        Parallel.For(0, queued.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (id, _, vector) = queued[i];
            neighbours[i] = vector is null || options.MaxNeighbourLinks == 0 ? [] :
            [
                .. SearchVectors(vector, (options.MaxNeighbourLinks * 4) + 1)
                    .Where(h => h.Key < id && h.Similarity >= options.NeighbourSimilarityThreshold)
                    .Take(options.MaxNeighbourLinks),
            ];
        });

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var relations = await Store.Database.WriteAsync(async (tx, ct) =>
            {
                var made = new List<MemoryRelationRecord>();
                var mentioned = queued.Select(q => q.Id).Concat(neighbours.SelectMany(n => n.Select(h => h.Key))).Distinct();
                var live = (await tx.Connection!.QueryAsync(tx, "SELECT id FROM memory WHERE id IN (SELECT value FROM json_each($ids))",
                    r => r.GetInt64(0), ct, ("$ids", System.Text.Json.JsonSerializer.Serialize(mentioned))).ConfigureAwait(false)).ToHashSet();
                var now = Store.Database.NowMs;
                using var appender = new MemoryAppender(tx);
                for (var i = 0; i < queued.Count; i++)
                {
                    var (id, tags, _) = queued[i];
                    if (!live.Contains(id))
                    {
                        continue; // deleted since it was read; the cascade removed its queue row
                    }

                    foreach (var hit in neighbours[i].Where(h => live.Contains(h.Key)))
                    {
                        made.Add(appender.Relate(id, hit.Key, RelationTypes.Associative, NeighbourStrength(hit.Similarity), "similar content", now));
                    }

                    await LinkSharedTagsAsync(tx, appender, id, tags, made, now, ct).ConfigureAwait(false);
                }

                await tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_link_pending WHERE memory_id IN (SELECT value FROM json_each($ids))", ct,
                    ("$ids", System.Text.Json.JsonSerializer.Serialize(queued.Select(q => q.Id)))).ConfigureAwait(false);
                return made;
            }, cancellationToken).ConfigureAwait(false);

            if (relations.Count > 0)
            {
                Graph.Edit(e =>
                {
                    foreach (var r in relations)
                    {
                        e.AddRelation(r.SourceId, r.TargetId, (float)r.Strength);
                    }
                });
            }

            return queued.Count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking imported memories failed; they stay queued")]
    private static partial void LogLinkingFailed(ILogger logger, Exception exception);
}
