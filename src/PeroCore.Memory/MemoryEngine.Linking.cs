using Microsoft.Extensions.Logging;
using PeroCore.Memory.Embeddings;
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
    private const int LinkChunk = 128;

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
        if (_linkSignal.CurrentCount == 0)
        {
            _linkSignal.Release();
        }
    }

    private async Task LinkLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _linkSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Neighbours come from the HNSW graph, so let the indexer catch up first (it runs on its own threads).
                await Index.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Links the oldest queued memories (one transaction, under the write gate); returns how many were dequeued.</summary>
    private async Task<int> LinkPendingChunkAsync(CancellationToken cancellationToken)
    {
        var options = Options.Ingestion;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (count, relations) = await Store.Database.WriteAsync(async (tx, ct) =>
            {
                var queued = await tx.Connection!.QueryAsync(tx, """
                    SELECT p.memory_id, m.tags, CASE WHEN m.embedding_model = $model THEN m.embedding END
                    FROM memory_link_pending p JOIN memory m ON m.id = p.memory_id
                    ORDER BY p.memory_id LIMIT $n
                    """,
                    r => (Id: r.GetInt64(0), Tags: TagList.Parse(r.GetString(1)), Vector: r.IsDBNull(2) ? null : VectorBlob.Decode((byte[])r.GetValue(2))),
                    ct, ("$model", ModelKey), ("$n", LinkChunk)).ConfigureAwait(false);
                var made = new List<MemoryRelationRecord>();
                if (queued.Count == 0)
                {
                    // Rows whose memory is gone are removed by the cascade; anything else left is a stray id.
                    await tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_link_pending WHERE memory_id NOT IN (SELECT id FROM memory)", ct).ConfigureAwait(false);
                    return (0, made);
                }

                var now = Store.Database.NowMs;
                using var appender = new MemoryAppender(tx);
                foreach (var (id, tags, vector) in queued)
                {
                    if (vector is not null && options.MaxNeighbourLinks > 0)
                    {
                        // Older memories only, as if linked when it was written; ask for a few more to make up for newer hits.
                        var hits = Index.Search(vector, (options.MaxNeighbourLinks * 4) + 1, includePending: true)
                            .Where(h => h.Key < id && h.Similarity >= options.NeighbourSimilarityThreshold)
                            .Take(options.MaxNeighbourLinks);
                        foreach (var hit in hits)
                        {
                            made.Add(await appender.RelateAsync(id, hit.Key, RelationTypes.Associative, NeighbourStrength(hit.Similarity), "similar content", now, ct).ConfigureAwait(false));
                        }
                    }

                    await LinkSharedTagsAsync(tx, appender, id, tags, made, now, ct).ConfigureAwait(false);
                }

                await tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_link_pending WHERE memory_id IN (SELECT value FROM json_each($ids))", ct,
                    ("$ids", System.Text.Json.JsonSerializer.Serialize(queued.Select(q => q.Id)))).ConfigureAwait(false);
                return (queued.Count, made);
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

            return count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking imported memories failed; they stay queued")]
    private static partial void LogLinkingFailed(ILogger logger, Exception exception);
}
