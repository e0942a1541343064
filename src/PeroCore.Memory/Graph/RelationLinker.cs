using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PeroCore.Memory.Indexing;

using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Graph;

/// <summary>
/// Cheap relations without an LLM: a memory is related to its nearest older neighbours above
/// <see cref="Ingestion.IngestionOptions.NeighbourSimilarityThreshold"/> (associative) and to the latest older memories sharing
/// a tag (thematic). Small writes link inline, in their own transaction; memories imported with
/// <see cref="RelationLinking.Deferred"/> are queued in <c>memory_link_pending</c> with the memory itself and linked
/// here in the background once their vectors are in the HNSW graph: the same relations, without a vector search on
/// the import's critical path.
/// </summary>
internal sealed partial class RelationLinker(EngineContext context, ReachabilityAudit vectors, IngestionStore rows) : IDisposable
{
    private const int LinkChunk = 512;

    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Memories waiting for the background linker.</summary>
    public Task<long> CountPendingAsync(CancellationToken cancellationToken) => rows.CountPendingLinksAsync(cancellationToken);

    /// <summary>The strength of an associative relation between memories of this similarity.</summary>
    public double NeighbourStrength(float similarity)
    {
        var threshold = context.Options.Ingestion.NeighbourSimilarityThreshold;
        return Math.Round(Math.Clamp((similarity - threshold) / (1 - threshold), 0.05, 1.0), 4);
    }

    /// <summary>Relates a memory to the latest older memories sharing one of its tags (thematic, <see cref="Ingestion.IngestionOptions.MaxTagLinks"/> at most).</summary>
    public async Task LinkSharedTagsAsync(SqliteTransaction tx, MemoryAppender appender, long id, IReadOnlyList<string> tags, List<MemoryRelationRecord> relations, long now,
        CancellationToken ct)
    {
        var options = context.Options.Ingestion;
        if (options.MaxTagLinks == 0 || tags.Count == 0 || TagMatchExpression(tags) is not { } match)
        {
            return;
        }

        foreach (var other in await IngestionStore.SharingTagsAsync(tx, match, id, options.MaxTagLinks, ct).ConfigureAwait(false))
        {
            relations.Add(appender.Relate(id, other, RelationTypes.Thematic, options.TagLinkStrength, "shared tag", now));
        }
    }

    /// <summary>Wakes the background linker.</summary>
    public void Request()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The engine closed meanwhile; the queue is in the database and is linked after the next open.
        }
    }

    /// <summary>Waits until every memory queued for linking is linked (and its relations are in the graph).</summary>
    /// <exception cref="InvalidOperationException">A linking pass failed (its cause is the inner exception); the queue is kept.</exception>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var drained = Volatile.Read(ref _drained);
            Request();
            await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (await CountPendingAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return;
            }
        }
    }

    /// <summary>The background loop: links the queue whenever it is woken.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Neighbours come from the HNSW graph, so let the indexer catch up first. The search for each queued
                // memory's own vector is also its reachability audit (see ReachabilityAudit.SearchAndAudit).
                await context.Index.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
                while (await LinkPendingChunkAsync(cancellationToken).ConfigureAwait(false) > 0)
                {
                }

                Interlocked.Exchange(ref _drained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                LogLinkingFailed(context.Logger, ex);
                Interlocked.Exchange(ref _drained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetException(new InvalidOperationException("Linking imported memories failed; they stay queued and are retried on the next import or restart.", ex));
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Fails the waiters of a linker that stopped (the engine closed).</summary>
    public void Stop() => Volatile.Read(ref _drained).TrySetCanceled();

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();

    /// <summary>
    /// A full-text expression matching memories that carry any of <paramref name="tags"/> in their tags column (an
    /// indexed lookup, newest first by rowid), or null when no tag has a searchable term.
    /// </summary>
    private static string? TagMatchExpression(IReadOnlyList<string> tags)
    {
        var perTag = tags.Take(8)
            .Select(t => FtsQueryBuilder.Default.ExtractTerms(t))
            .Where(terms => terms.Count > 0)
            .Select(terms => "(" + string.Join(" AND ", terms.Select(term => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + ")")
            .ToList();
        return perTag.Count == 0 ? null : $"tags : ({string.Join(" OR ", perTag)})";
    }

    /// <summary>
    /// Links the oldest queued memories; returns how many were dequeued. The vector searches run in parallel
    /// before the write gate is taken; the relations are written in one transaction, skipping memories deleted
    /// in between.
    /// </summary>
    private async Task<int> LinkPendingChunkAsync(CancellationToken cancellationToken)
    {
        var options = context.Options.Ingestion;
        var queued = await rows.PendingLinksAsync(context.ModelKey, LinkChunk, cancellationToken).ConfigureAwait(false);

        // Older memories only, as if linked when it was written; ask for a few more to make up for newer hits.
        var neighbours = new List<VectorSearchHit>[queued.Count];
        var orphans = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, queued.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (id, _, vector) = queued[i];
            if (vector is null)
            {
                neighbours[i] = [];
                return;
            }

            // The import left these memories' reachability audit to this search (at least the audit's k of 1).
            var hits = vectors.SearchAndAudit(id, vector, (options.MaxNeighbourLinks * 4) + 1, out var orphaned);
            if (orphaned)
            {
                orphans.Add(id);
            }

            neighbours[i] = options.MaxNeighbourLinks == 0 ? [] :
            [
                .. hits.Where(h => h.Key < id && h.Similarity >= options.NeighbourSimilarityThreshold).Take(options.MaxNeighbourLinks),
            ];
        });
        vectors.ReportLinkerAudit(orphans.Count, queued.Count);

        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var relations = await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                var made = new List<MemoryRelationRecord>();
                var mentioned = queued.Select(q => q.Id).Concat(neighbours.SelectMany(n => n.Select(h => h.Key))).Distinct();
                var live = await IngestionStore.ExistingAsync(tx, mentioned, ct).ConfigureAwait(false);
                var now = context.Store.Database.NowMs;
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

                // An orphan found by these searches is known only in memory until the index is saved with it; logging
                // it as a change makes a crash before that save replay it into the index and audit it again.
                await IngestionStore.LogChangesAsync(tx, orphans.Where(live.Contains), ct).ConfigureAwait(false);
                await IngestionStore.DequeueLinksAsync(tx, queued.Select(q => q.Id), ct).ConfigureAwait(false);
                return made;
            }, cancellationToken).ConfigureAwait(false);

            if (relations.Count > 0)
            {
                context.Graph.Edit(e =>
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
            context.WriteGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking imported memories failed; they stay queued")]
    private static partial void LogLinkingFailed(ILogger logger, Exception exception);
}
