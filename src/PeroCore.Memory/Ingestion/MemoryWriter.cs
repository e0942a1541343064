using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.History;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Ingestion;

/// <summary>
/// The write path. A memory is cleaned, embedded (unless a vector is given) and stored with its full-text row,
/// time-axis links and cheap relations in one transaction; then its vector goes into the index (pending until the
/// background HNSW insertion takes it) and the graph follows. Imports write batches of 1000; updates re-embed changed
/// text; a model change re-embeds every memory in the background. Writes are serialised by the engine's write gate.
/// </summary>
internal sealed partial class MemoryWriter(EngineContext context, IndexSynchronizer indexes, ReachabilityAudit audit, RelationLinker linker, IngestionStore rows)
{
    private const int MaxPendingScannedAtIngestion = 1024;

    private readonly TextCleaner _cleaner = new(context.Options.Ingestion.Cleaner);
    private readonly SensitiveWordFilter? _sensitive = context.Options.Ingestion.SensitiveWords.Count == 0
        ? null
        : new SensitiveWordFilter(context.Options.Ingestion.SensitiveWords, new SensitiveWordFilterOptions { Mode = context.Options.Ingestion.SensitiveWordMode });

    private long _pendingReembed;

    /// <summary>Memories whose vectors came from another model and are being re-embedded in the background.</summary>
    public long PendingReembed => Interlocked.Read(ref _pendingReembed);

    /// <summary>Sets the number of memories to re-embed (counted at open).</summary>
    public void SetPendingReembed(long count) => Interlocked.Exchange(ref _pendingReembed, count);

    /// <summary>
    /// Writes one memory: cleaned, embedded (unless a vector is given), stored with its full-text row, time-axis
    /// links and cheap relations in one transaction, then added to the vector index and the graph.
    /// </summary>
    /// <exception cref="ArgumentException">Blank content, blocked words (reject mode), a bad vector; nothing is written.</exception>
    public async Task<MemoryRecord> AddAsync(NewMemory input, CancellationToken cancellationToken = default, long? expectedGeneration = null, ChangeOrigin? origin = null)
    {
        var result = await ImportAsync([input], cancellationToken, options: expectedGeneration is null ? null : new ImportOptions { ExpectedGeneration = expectedGeneration },
            origin: origin ?? ChangeOrigin.Api).ConfigureAwait(false);
        return (await context.Store.Memories.GetAsync(result.Ids[0], cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Writes many memories: embedded in batches, stored in transactions of up to 1000, indexed in bulk. Each
    /// committed batch is durable even if the process dies during a later one.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<NewMemory> inputs, CancellationToken cancellationToken = default, IProgress<int>? progress = null, ImportOptions? options = null,
        ChangeOrigin? origin = null)
    {
        options ??= ImportOptions.Default;
        origin ??= ChangeOrigin.Api;
        // One memory written by anyone but an import is a "create" with its full image; anything else is an import
        // batch: one history row per transaction, listing the ids.
        var asCreate = inputs?.Count == 1 && origin.Actor != ChangeOrigin.Import.Actor;
        ArgumentNullException.ThrowIfNull(inputs);
                var watch = System.Diagnostics.Stopwatch.StartNew();
        var prepared = inputs.Select(Prepare).ToList();
        var linking = options.Resolve(inputs.Count);
        // A large import writes first and lets the HNSW insertion (and the linker, which needs it) follow, so the
        // writer is not competing with the indexer threads for the cores.
        using var holdIndexing = linking == RelationLinking.Deferred ? context.Index.SuspendBackgroundIndexing() : null;
        var ids = new List<long>(inputs.Count);
        var relations = 0;
        const int batchSize = 1000;
        for (var start = 0; start < prepared.Count; start += batchSize)
        {
            var batch = prepared.GetRange(start, Math.Min(batchSize, prepared.Count - start));
            await EmbedMissingAsync(batch, cancellationToken).ConfigureAwait(false);
            var newTags = await EmbedNewTagsAsync(batch, cancellationToken).ConfigureAwait(false);
            await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (options.ExpectedGeneration is { } expected && expected != context.Generation)
                {
                    throw new StoreConflictException("The memory store was reset or restored while this write was prepared; nothing more was written.");
                }

                var neighbours = linking == RelationLinking.Inline ? FindNeighbours(batch) : [.. batch.Select(_ => new List<(int, long, float)>())];
                var (written, rels, tagRows, seq) = await context.Store.Database.WriteAsync(async (tx, ct) =>
                {
                    var batchResult = await WriteBatchAsync(tx, batch, neighbours, newTags, linking, ct).ConfigureAwait(false);
                    var createdTags = batchResult.Tags.Select(t => t.Id).ToList();
                    var now = context.Store.Database.NowMs;
                    if (asCreate)
                    {
                        var id = batchResult.Written[0].Id;
                        var after = (await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false))!;
                        after["created_tags"] = new System.Text.Json.Nodes.JsonArray([.. createdTags.Select(t => (System.Text.Json.Nodes.JsonNode)t)]);
                        await HistoryStore.AppendAsync(tx, id, MemoryHistoryOps.Create, origin, null, after, now, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await HistoryStore.AppendAsync(tx, null, MemoryHistoryOps.Import, origin, null,
                            HistoryStore.ImportBatch([.. batchResult.Written.Select(w => w.Id)], createdTags), now, ct).ConfigureAwait(false);
                    }

                    return batchResult;
                }, cancellationToken).ConfigureAwait(false);
                context.Index.UpsertMany(written.Select((row, i) => new VectorEntry(row.Id, batch[i].Vector!)));
                if (linking != RelationLinking.Deferred)
                {
                    // Deferred memories are audited by the linker's search for their own vector (their link queue row
                    // survives a crash); everything else gets its own audit search.
                    audit.Queue(written.Select((w, i) => (w.Id, batch[i].Vector!)));
                }

                foreach (var (id, vector) in tagRows)
                {
                    context.TagIndex.Upsert(id, vector);
                }

                context.Graph.Edit(e =>
                {
                    foreach (var row in written)
                    {
                        e.AddNode(row.Id);
                    }

                    foreach (var row in written)
                    {
                        e.SetTimeLinks(row.Id, row.PrevId, row.NextId);
                    }

                    foreach (var r in rels)
                    {
                        e.AddRelation(r.SourceId, r.TargetId, (float)r.Strength);
                    }
                });
                indexes.Applied(written.Count, seq);
                ids.AddRange(written.Select(w => w.Id));
                relations += rels.Count;
            }
            finally
            {
                context.WriteGate.Release();
            }

            progress?.Report(ids.Count);
        }

        if (linking == RelationLinking.Deferred)
        {
            linker.Request();
        }

        return new ImportResult(ids, relations, watch.Elapsed) { LinkingDeferred = linking == RelationLinking.Deferred };
    }

    /// <summary>
    /// Changes a memory; content or tag changes are re-embedded and, in the same transaction, its full-text row is
    /// rewritten, its cheap relations (similar content, shared tag) are dropped and it is queued for the background
    /// linker, and a vector change is logged in <c>memory_change</c>; then the index and the graph follow. A crash after
    /// the commit is repaired at the next open: the index catches up from <c>memory_change</c> and the linker from its
    /// queue. Returns null if the memory does not exist.
    /// </summary>
    public async Task<MemoryRecord?> UpdateAsync(long id, MemoryEdit edit, CancellationToken cancellationToken = default, ChangeOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(edit);
        origin ??= ChangeOrigin.Api;
        var current = await context.Store.Memories.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        var content = edit.Content is null ? current.Content : Clean(edit.Content);
        var tags = edit.Tags is null ? current.Tags : TagList.Normalize(edit.Tags);
        var reembed = content != current.Content || !tags.SequenceEqual(current.Tags, StringComparer.Ordinal) || current.EmbeddingModel != context.ModelKey;
        var vector = reembed ? await context.Embedder.EmbedDocumentAsync(IndexText(content, tags), cancellationToken).ConfigureAwait(false) : current.Embedding;
        var probe = new PreparedMemory(new NewMemory { Content = content, Tags = tags }, content, tags) { Vector = vector };
        var newTags = await EmbedNewTagsAsync([probe], cancellationToken).ConfigureAwait(false);

        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (before, after, tagRows, dropped, seq) = await context.Store.Database.WriteAsync<(MemoryRecord? Before, MemoryRecord? After, List<(long Id, float[] Vector)> Tags, List<(long Source, long Target, double Strength)> Dropped, long Seq)>(async (tx, ct) =>
            {
                var row = await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false);
                if (row is null)
                {
                    return (null, null, [], [], 0L);
                }

                var beforeImage = await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false);
                var importance = edit.Importance ?? row.Importance;
                var updated = row with
                {
                    Content = content,
                    Tags = tags,
                    Clusters = edit.Clusters ?? row.Clusters,
                    Importance = importance,
                    BaseImportance = edit.BaseImportance ?? (edit.Importance is { } i && i > row.BaseImportance ? i : row.BaseImportance),
                    Sentiment = edit.Sentiment ?? row.Sentiment,
                    Type = edit.Type ?? row.Type,
                    Timestamp = edit.Timestamp ?? row.Timestamp,
                    Embedding = vector,
                    EmbeddingModel = vector is null ? row.EmbeddingModel : context.ModelKey,
                };
                await MemoryRepository.UpdateAsync(tx, row, updated, context.Store.Database.NowMs, ct).ConfigureAwait(false);
                var tagRows = await IngestionStore.InsertTagsAsync(tx, newTags, context.ModelKey, context.Store.Database.NowMs, ct).ConfigureAwait(false);
                var textChanged = content != row.Content || !tags.SequenceEqual(row.Tags, StringComparer.Ordinal);
                var dropped = textChanged ? await IngestionStore.RequeueLinksAsync(tx, id, ct).ConfigureAwait(false) : [];
                var after = await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false);
                var afterImage = (await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false))!;
                afterImage["created_tags"] = new System.Text.Json.Nodes.JsonArray([.. tagRows.Select(t => (System.Text.Json.Nodes.JsonNode)t.Id)]);
                await HistoryStore.AppendAsync(tx, id, MemoryHistoryOps.Update, origin, beforeImage, afterImage, context.Store.Database.NowMs, ct).ConfigureAwait(false);
                return (row, after, tagRows, dropped, await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            if (after is null)
            {
                return null;
            }

            if (reembed && vector is not null)
            {
                context.Index.Upsert(id, vector);
                audit.Forget(id);
                audit.Queue([(id, vector)]);
            }

            foreach (var (tagId, tagVector) in tagRows)
            {
                context.TagIndex.Upsert(tagId, tagVector);
            }

            if (before!.Timestamp != after.Timestamp)
            {
                await RelinkAsync(before, after, cancellationToken).ConfigureAwait(false);
            }

            if (dropped.Count > 0)
            {
                context.Graph.Edit(e =>
                {
                    foreach (var (source, target, strength) in dropped)
                    {
                        e.RemoveRelation(source, target, (float)strength);
                    }
                });
            }

            indexes.Applied(1, seq);
            if (content != before.Content || !tags.SequenceEqual(before.Tags, StringComparer.Ordinal))
            {
                linker.Request(); // the cheap relations of the new text (queued in the same transaction, so a crash keeps the request)
            }

            return after;
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>Deletes a memory everywhere (row, full text, relations, time axis, vector). False if it did not exist.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default, ChangeOrigin? origin = null)
    {
        origin ??= ChangeOrigin.Api;
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (deleted, seq) = await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                var before = await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false);
                var removed = await MemoryRepository.DeleteAsync(tx, id, ct).ConfigureAwait(false);
                if (removed)
                {
                    await HistoryStore.AppendAsync(tx, id, MemoryHistoryOps.Delete, origin, before, null, context.Store.Database.NowMs, ct).ConfigureAwait(false);
                }

                return (removed, await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            if (!deleted)
            {
                return false;
            }

            context.Index.Remove(id);
            audit.Forget(id);
            context.Graph.RemoveNode(id, repairTimeChain: true);
            indexes.Applied(1, seq);
            return true;
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>Adds a relation or changes its strength; the graph follows.</summary>
    /// <exception cref="ArgumentException">Unknown type, strength outside 0..1, a self-relation.</exception>
    /// <exception cref="KeyNotFoundException">A memory does not exist.</exception>
    public async Task<MemoryRelationRecord> RelateAsync(long sourceId, long targetId, string relationType, double strength, string? description = null, CancellationToken cancellationToken = default,
        ChangeOrigin? origin = null)
    {
        origin ??= ChangeOrigin.Api;
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (old, saved) = await context.Store.Database.WriteAsync((tx, ct) => RelateInAsync(tx, sourceId, targetId, relationType, strength, description, origin, ct),
                cancellationToken).ConfigureAwait(false);
            context.Graph.Edit(e =>
            {
                if (old is not null)
                {
                    e.RemoveRelation(old.SourceId, old.TargetId, (float)old.Strength);
                }

                e.AddRelation(saved.SourceId, saved.TargetId, (float)saved.Strength);
            });
            return saved;
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>Removes a relation by id; false if it did not exist.</summary>
    public async Task<bool> UnrelateAsync(long relationId, CancellationToken cancellationToken = default, ChangeOrigin? origin = null)
    {
        origin ??= ChangeOrigin.Api;
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var removed = await context.Store.Database.WriteAsync((tx, ct) => UnrelateInAsync(tx, relationId, origin, ct), cancellationToken).ConfigureAwait(false);
            if (removed is null)
            {
                return false;
            }

            context.Graph.RemoveRelation(removed.SourceId, removed.TargetId, (float)removed.Strength);
            return true;
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>The text that is embedded for a memory: its content, then its tags.</summary>
    public static string IndexText(string content, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Count == 0 ? content : $"{content}\n{string.Join(", ", tags)}";
    }

    /// <summary>Checks a memory as a write would (content, importance, vector) without writing it.</summary>
    public void Validate(NewMemory input) => Prepare(input);

    private PreparedMemory Prepare(NewMemory input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var content = Clean(input.Content);
        if (input.Importance is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.Importance, "Importance must be between 0 and 10.");
        }

        if (input.BaseImportance is { } b && (!double.IsFinite(b) || b is < 0 or > 10))
        {
            throw new ArgumentOutOfRangeException(nameof(input), b, "Base importance must be between 0 and 10.");
        }

        if (input.Embedding is not null)
        {
            VectorValidation.EnsureValid(input.Embedding, context.Model.Dimensions, nameof(input), requireNonZero: true);
        }

        return new PreparedMemory(input, content, TagList.Normalize(input.Tags)) { Vector = input.Embedding };
    }

    private string Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new ArgumentException("A memory's content must not be empty.", nameof(raw));
        }

        var content = _cleaner.Clean(raw);
        if (_sensitive is not null)
        {
            var result = _sensitive.Apply(content);
            if (result.IsRejected)
            {
                throw new ArgumentException($"The memory contains blocked words: {string.Join(", ", result.MatchedWords)}.", nameof(raw));
            }

            content = result.Text;
        }

        return string.IsNullOrWhiteSpace(content) ? throw new ArgumentException("A memory's content is empty after cleaning.", nameof(raw)) : content;
    }

    private async Task EmbedMissingAsync(List<PreparedMemory> batch, CancellationToken cancellationToken)
    {
        var missing = batch.Where(p => p.Vector is null).ToList();
        for (var i = 0; i < missing.Count; i += 64)
        {
            var chunk = missing.GetRange(i, Math.Min(64, missing.Count - i));
            var vectors = await context.Embedder.EmbedDocumentsAsync(chunk.Select(p => IndexText(p.Content, p.Tags)).ToList(), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < chunk.Count; j++)
            {
                VectorValidation.EnsureValid(vectors[j], context.Model.Dimensions, "embedding", requireNonZero: true);
                chunk[j].Vector = vectors[j];
            }
        }
    }

    private async Task<Dictionary<string, float[]>> EmbedNewTagsAsync(IReadOnlyList<PreparedMemory> batch, CancellationToken cancellationToken)
    {
        var names = batch.SelectMany(p => p.Tags).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            return new Dictionary<string, float[]>(StringComparer.OrdinalIgnoreCase);
        }

        var known = await rows.KnownTagsAsync(names, cancellationToken).ConfigureAwait(false);
        var fresh = names.Except(known, StringComparer.OrdinalIgnoreCase).ToList();
        var vectors = fresh.Count == 0 ? [] : await context.Embedder.EmbedDocumentsAsync(fresh, cancellationToken).ConfigureAwait(false);
        return fresh.Select((n, i) => (n, vectors[i])).ToDictionary(x => x.n, x => x.Item2, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>For each memory of the batch, the existing or earlier-in-batch memories similar enough to relate to.</summary>
    private List<List<(int BatchIndex, long Id, float Similarity)>> FindNeighbours(List<PreparedMemory> batch)
    {
        var options = context.Options.Ingestion;
        var result = new List<List<(int, long, float)>>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var found = new List<(int BatchIndex, long Id, float Similarity)>();
            if (options.MaxNeighbourLinks > 0)
            {
                var vector = batch[i].Vector!;
                // Vectors not yet in the HNSW graph are scanned exactly; during a big import that backlog grows and
                // the scan would make each memory slower than the last, so it is skipped then (this batch's own
                // memories are compared below either way).
                foreach (var hit in context.Index.Search(vector, options.MaxNeighbourLinks, includePending: context.Index.PendingCount <= MaxPendingScannedAtIngestion))
                {
                    if (hit.Similarity >= options.NeighbourSimilarityThreshold)
                    {
                        found.Add((-1, hit.Key, hit.Similarity));
                    }
                }

                for (var j = 0; j < i; j++)
                {
                    var similarity = VectorMath.Cosine(vector, batch[j].Vector!);
                    if (similarity >= options.NeighbourSimilarityThreshold)
                    {
                        found.Add((j, 0, similarity));
                    }
                }

                found = [.. found.OrderByDescending(f => f.Similarity).Take(options.MaxNeighbourLinks)];
            }

            result.Add(found);
        }

        return result;
    }

    private async Task<(List<MemoryRecord> Written, List<MemoryRelationRecord> Relations, List<(long Id, float[] Vector)> Tags, long Seq)> WriteBatchAsync(
        SqliteTransaction tx, List<PreparedMemory> batch, List<List<(int BatchIndex, long Id, float Similarity)>> neighbours, Dictionary<string, float[]> newTags,
        RelationLinking linking, CancellationToken ct)
    {
        var now = context.Store.Database.NowMs;
        var newRows = batch.Select(p => new NewMemory
        {
            Content = p.Content,
            Tags = p.Tags,
            Clusters = p.Input.Clusters,
            Importance = p.Input.Importance,
            BaseImportance = p.Input.BaseImportance,
            Sentiment = p.Input.Sentiment,
            Timestamp = p.Input.Timestamp,
            MsgTimestamp = p.Input.MsgTimestamp,
            Source = p.Input.Source,
            Type = p.Input.Type,
            Embedding = p.Vector,
            EmbeddingModel = context.ModelKey,
        }).ToList();
        var ids = new long[newRows.Count];
        MemoryRecord[]? appendedRows = null;
        using var appender = new MemoryAppender(tx) { QueueLinking = linking == RelationLinking.Deferred };
        {
            var times = newRows.Select(r => r.Timestamp?.ToUnixTimeMilliseconds() ?? now).ToArray();
            var tail = await appender.ReadTailAsync(ct).ConfigureAwait(false);
            if (tail is null || times.Min() >= tail.Value.Timestamp)
            {
                // Everything is newer than the store: append in time order with both time-axis links set on insert
                // (ids are consecutive in this transaction), then point the old tail at the first new row.
                var order = Enumerable.Range(0, newRows.Count).OrderBy(i => times[i]).ToArray();
                appendedRows = new MemoryRecord[newRows.Count];
                // A single memory names no successor, so it needs neither the deferred check nor the predicted id.
                long? first = order.Length > 1 ? await appender.BeginAppendAsync(ct).ConfigureAwait(false) : null;
                long? prev = tail?.Id;
                for (var k = 0; k < order.Length; k++)
                {
                    var i = order[k];
                    var expected = first + k;
                    long? next = k + 1 < order.Length ? expected + 1 : null;
                    ids[i] = appender.Append(newRows[i], times[i], prev, next, now, expected);
                    appendedRows[i] = AppendedRecord(newRows[i], ids[i], times[i], prev, next, now);
                    prev = ids[i];
                }

                if (tail is { } t)
                {
                    await appender.SetNextAsync(t.Id, ids[order[0]], ct).ConfigureAwait(false);
                }
            }
            else
            {
                for (var i = 0; i < newRows.Count; i++)
                {
                    ids[i] = await MemoryRepository.InsertAsync(appender, tx, newRows[i], now, ct).ConfigureAwait(false);
                }
            }
        }

        var relations = new List<MemoryRelationRecord>();
        for (var i = 0; i < batch.Count; i++)
        {
            var id = ids[i];
            foreach (var (batchIndex, existingId, similarity) in neighbours[i])
            {
                var target = batchIndex >= 0 ? ids[batchIndex] : existingId;
                relations.Add(appender.Relate(id, target, RelationTypes.Associative, linker.NeighbourStrength(similarity), "similar content", now));
            }

            if (linking == RelationLinking.Inline)
            {
                await linker.LinkSharedTagsAsync(tx, appender, id, batch[i].Tags, relations, now, ct).ConfigureAwait(false);
            }
        }

        List<MemoryRecord> written;
        if (appendedRows is not null)
        {
            written = [.. appendedRows];
        }
        else
        {
            // Re-read the newRows for their final time-axis links (later newRows of the batch may have moved them).
            var byId = await IngestionStore.ReadWrittenAsync(tx, ids, ct).ConfigureAwait(false);
            written = [.. ids.Select(id => byId[id])];
        }

        var tagRows = await IngestionStore.InsertTagsAsync(tx, newTags, context.ModelKey, context.Store.Database.NowMs, ct).ConfigureAwait(false);
        var seq = await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false);
        return (written, relations, tagRows, seq);
    }

    /// <summary>The stored form of a memory appended by <see cref="MemoryAppender.Append"/> (what a re-read would return, without the vector).</summary>
    private static MemoryRecord AppendedRecord(NewMemory row, long id, long timestamp, long? prev, long? next, long now) => new()
    {
        Id = id,
        Content = row.Content,
        Tags = row.Tags,
        Clusters = row.Clusters,
        Importance = row.Importance,
        BaseImportance = row.BaseImportance ?? Math.Max(1, row.Importance),
        LastAccessed = DateTimeOffset.FromUnixTimeMilliseconds(now),
        Sentiment = row.Sentiment,
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestamp),
        PrevId = prev,
        NextId = next,
        MsgTimestamp = row.MsgTimestamp,
        Source = row.Source,
        Type = row.Type,
        EmbeddingModel = row.EmbeddingModel,
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(now),
    };

    private async Task RelinkAsync(MemoryRecord before, MemoryRecord after, CancellationToken cancellationToken)
    {
        var relations = await context.Store.Relations.ListForMemoryAsync(after.Id, cancellationToken).ConfigureAwait(false);
        context.Graph.Edit(e =>
        {
            e.RemoveNode(before.Id, repairTimeChain: true);
            e.AddNode(after.Id);
            e.SetTimeLinks(after.Id, after.PrevId, after.NextId);
            foreach (var r in relations)
            {
                e.AddRelation(r.SourceId, r.TargetId, (float)r.Strength);
            }
        });
    }

    /// <summary>
    /// The background re-embedding after a model change: memories whose vector is missing or from another model are
    /// embedded again from their stored text, 64 at a time, until none is left.
    /// </summary>
    public async Task ReembedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var generation = context.Generation;
            var stale = await rows.StaleAsync(context.ModelKey, cancellationToken).ConfigureAwait(false);
            if (stale.Count == 0)
            {
                Interlocked.Exchange(ref _pendingReembed, 0);
                LogReembedDone(context.Logger);
                return;
            }

            var vectors = await context.Embedder.EmbedDocumentsAsync(stale.Select(s => IndexText(s.Content, s.Tags)).ToList(), cancellationToken).ConfigureAwait(false);
            await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (generation != context.Generation)
                {
                    continue; // a reset or a restore replaced the rows meanwhile: read them again
                }

                var seq = await context.Store.Database.WriteAsync(async (tx, ct) =>
                {
                    for (var i = 0; i < stale.Count; i++)
                    {
                        await IngestionStore.SetEmbeddingAsync(tx, stale[i].Id, vectors[i], context.ModelKey, ct).ConfigureAwait(false);
                        await MemoryRepository.RecordChangeAsync(tx, stale[i].Id, MemoryChangeKind.VectorUpserted, ct).ConfigureAwait(false);
                    }

                    return await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                context.Index.UpsertMany(stale.Select((s, i) => new VectorEntry(s.Id, vectors[i])));
                foreach (var s in stale)
                {
                    audit.Forget(s.Id);
                }

                audit.Queue(stale.Select((s, i) => (s.Id, vectors[i])));
                indexes.Applied(stale.Count, seq);
                LogReembedProgress(context.Logger, stale.Count, Math.Max(0, Interlocked.Add(ref _pendingReembed, -stale.Count)));
            }
            finally
            {
                context.WriteGate.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedding: {Count} more memories have a vector from the current model, about {Remaining} to go")]
    private static partial void LogReembedProgress(ILogger logger, int count, long remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedding finished: every memory now has a vector from the current model")]
    private static partial void LogReembedDone(ILogger logger);

    private sealed record PreparedMemory(NewMemory Input, string Content, IReadOnlyList<string> Tags)
    {
        public float[]? Vector { get; set; }
    }
}
