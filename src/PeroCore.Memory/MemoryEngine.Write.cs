using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;


namespace PeroCore.Memory;

public sealed partial class MemoryEngine
{
    /// <summary>
    /// Writes one memory: cleaned, embedded (unless a vector is given), stored with its full-text row, time-axis
    /// links and cheap relations in one transaction, then added to the vector index and the graph.
    /// </summary>
    /// <exception cref="ArgumentException">Blank content, blocked words (reject mode), a bad vector; nothing is written.</exception>
    public async Task<MemoryRecord> AddAsync(NewMemory input, CancellationToken cancellationToken = default)
    {
        var result = await ImportAsync([input], cancellationToken).ConfigureAwait(false);
        return (await Store.Memories.GetAsync(result.Ids[0], cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Writes many memories: embedded in batches, stored in transactions of up to 1000, indexed in bulk. Each
    /// committed batch is durable even if the process dies during a later one.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<NewMemory> inputs, CancellationToken cancellationToken = default, IProgress<int>? progress = null, ImportOptions? options = null)
    {
        options ??= ImportOptions.Default;
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var prepared = inputs.Select(Prepare).ToList();
        var linking = options.Resolve(inputs.Count);
        // A large import writes first and lets the HNSW insertion (and the linker, which needs it) follow, so the
        // writer is not competing with the indexer threads for the cores.
        using var holdIndexing = linking == RelationLinking.Deferred ? Index.SuspendBackgroundIndexing() : null;
        var ids = new List<long>(inputs.Count);
        var relations = 0;
        const int batchSize = 1000;
        for (var start = 0; start < prepared.Count; start += batchSize)
        {
            var batch = prepared.GetRange(start, Math.Min(batchSize, prepared.Count - start));
            await EmbedMissingAsync(batch, cancellationToken).ConfigureAwait(false);
            var newTags = await EmbedNewTagsAsync(batch, cancellationToken).ConfigureAwait(false);
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var neighbours = linking == RelationLinking.Inline ? FindNeighbours(batch) : [.. batch.Select(_ => new List<(int, long, float)>())];
                var (written, rels, tagRows, seq) = await Store.Database.WriteAsync((tx, ct) => WriteBatchAsync(tx, batch, neighbours, newTags, linking, ct), cancellationToken).ConfigureAwait(false);
                Index.UpsertMany(written.Select((row, i) => new VectorEntry(row.Id, batch[i].Vector!)));
                QueueAudit(written.Select(w => w.Id));
                foreach (var (id, vector) in tagRows)
                {
                    TagIndex.Upsert(id, vector);
                }

                Graph.Edit(e =>
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
                _appliedSeq = seq;
                NoteWrite(written.Count);
                ids.AddRange(written.Select(w => w.Id));
                relations += rels.Count;
            }
            finally
            {
                _writeGate.Release();
            }

            progress?.Report(ids.Count);
        }

        if (linking == RelationLinking.Deferred)
        {
            RequestLinking();
        }

        return new ImportResult(ids, relations, watch.Elapsed) { LinkingDeferred = linking == RelationLinking.Deferred };
    }

    /// <summary>Changes a memory; content or tag changes are re-embedded. Returns null if it does not exist.</summary>
    public async Task<MemoryRecord?> UpdateAsync(long id, MemoryEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var current = await Store.Memories.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        var content = edit.Content is null ? current.Content : Clean(edit.Content);
        var tags = edit.Tags is null ? current.Tags : TagList.Normalize(edit.Tags);
        var reembed = content != current.Content || !tags.SequenceEqual(current.Tags, StringComparer.Ordinal) || current.EmbeddingModel != ModelKey;
        var vector = reembed ? await _embedder.EmbedDocumentAsync(IndexText(content, tags), cancellationToken).ConfigureAwait(false) : current.Embedding;
        var probe = new PreparedMemory(new NewMemory { Content = content, Tags = tags }, content, tags) { Vector = vector };
        var newTags = await EmbedNewTagsAsync([probe], cancellationToken).ConfigureAwait(false);

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (before, after, tagRows, seq) = await Store.Database.WriteAsync<(MemoryRecord? Before, MemoryRecord? After, List<(long Id, float[] Vector)> Tags, long Seq)>(async (tx, ct) =>
            {
                var row = await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false);
                if (row is null)
                {
                    return (null, null, [], 0L);
                }

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
                    EmbeddingModel = vector is null ? row.EmbeddingModel : ModelKey,
                };
                await MemoryRepository.UpdateAsync(tx, row, updated, Store.Database.NowMs, ct).ConfigureAwait(false);
                var tagRows = await InsertTagsAsync(tx, newTags, ct).ConfigureAwait(false);
                var after = await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false);
                return (row, after, tagRows, await tx.Connection!.ScalarAsync<long>(tx, LastSeqSql, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            if (after is null)
            {
                return null;
            }

            if (reembed && vector is not null)
            {
                Index.Upsert(id, vector);
                ForgetOrphan(id);
                QueueAudit([id]);
            }

            foreach (var (tagId, tagVector) in tagRows)
            {
                TagIndex.Upsert(tagId, tagVector);
            }

            if (before!.Timestamp != after.Timestamp)
            {
                await RelinkAsync(before, after, cancellationToken).ConfigureAwait(false);
            }

            _appliedSeq = seq;
            NoteWrite(1);
            return after;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Deletes a memory everywhere (row, full text, relations, time axis, vector). False if it did not exist.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (deleted, seq) = await Store.Database.WriteAsync(async (tx, ct) =>
                (await MemoryRepository.DeleteAsync(tx, id, ct).ConfigureAwait(false), await tx.Connection!.ScalarAsync<long>(tx, LastSeqSql, ct).ConfigureAwait(false)),
                cancellationToken).ConfigureAwait(false);
            if (!deleted)
            {
                return false;
            }

            Index.Remove(id);
            ForgetOrphan(id);
            Graph.RemoveNode(id, repairTimeChain: true);
            _appliedSeq = seq;
            NoteWrite(1);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Adds a relation or changes its strength; the graph follows.</summary>
    /// <exception cref="ArgumentException">Unknown type, strength outside 0..1, a self-relation.</exception>
    /// <exception cref="KeyNotFoundException">A memory does not exist.</exception>
    public async Task<MemoryRelationRecord> RelateAsync(long sourceId, long targetId, string relationType, double strength, string? description = null, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (old, saved) = await Store.Database.WriteAsync(async (tx, ct) =>
            {
                var old = await tx.Connection!.QuerySingleAsync(tx,
                    "SELECT id, source_id, target_id, relation_type, strength, description, created_at FROM memory_relation WHERE source_id = $s AND target_id = $t AND relation_type = $type",
                    RelationRepository.Map, ct, ("$s", sourceId), ("$t", targetId), ("$type", relationType)).ConfigureAwait(false);
                var saved = await RelationRepository.UpsertAsync(tx, sourceId, targetId, relationType, strength, description, Store.Database.NowMs, ct).ConfigureAwait(false);
                return (old, saved);
            }, cancellationToken).ConfigureAwait(false);
            Graph.Edit(e =>
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
            _writeGate.Release();
        }
    }

    /// <summary>Removes a relation by id; false if it did not exist.</summary>
    public async Task<bool> UnrelateAsync(long relationId, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var removed = await Store.Database.WriteAsync(async (tx, ct) =>
            {
                var row = await tx.Connection!.QuerySingleAsync(tx,
                    "DELETE FROM memory_relation WHERE id = $id RETURNING id, source_id, target_id, relation_type, strength, description, created_at",
                    RelationRepository.Map, ct, ("$id", relationId)).ConfigureAwait(false);
                return row;
            }, cancellationToken).ConfigureAwait(false);
            if (removed is null)
            {
                return false;
            }

            Graph.RemoveRelation(removed.SourceId, removed.TargetId, (float)removed.Strength);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The relations touching a memory.</summary>
    public Task<List<MemoryRelationRecord>> RelationsOfAsync(long memoryId, CancellationToken cancellationToken = default) =>
        Store.Relations.ListForMemoryAsync(memoryId, cancellationToken);

    /// <summary>The text that is embedded for a memory: its content, then its tags.</summary>
    public static string IndexText(string content, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Count == 0 ? content : $"{content}\n{string.Join(", ", tags)}";
    }

    private const int MaxPendingScannedAtIngestion = 1024;

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
            VectorValidation.EnsureValid(input.Embedding, Model.Dimensions, nameof(input), requireNonZero: true);
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
            var vectors = await _embedder.EmbedDocumentsAsync(chunk.Select(p => IndexText(p.Content, p.Tags)).ToList(), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < chunk.Count; j++)
            {
                VectorValidation.EnsureValid(vectors[j], Model.Dimensions, "embedding", requireNonZero: true);
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

        var known = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT name FROM tag WHERE name IN (SELECT value FROM json_each($names))", r => r.GetString(0), ct,
            ("$names", System.Text.Json.JsonSerializer.Serialize(names))), cancellationToken).ConfigureAwait(false);
        var fresh = names.Except(known, StringComparer.OrdinalIgnoreCase).ToList();
        var vectors = fresh.Count == 0 ? [] : await _embedder.EmbedDocumentsAsync(fresh, cancellationToken).ConfigureAwait(false);
        return fresh.Select((n, i) => (n, vectors[i])).ToDictionary(x => x.n, x => x.Item2, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>For each memory of the batch, the existing or earlier-in-batch memories similar enough to relate to.</summary>
    private List<List<(int BatchIndex, long Id, float Similarity)>> FindNeighbours(List<PreparedMemory> batch)
    {
        var options = Options.Ingestion;
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
                foreach (var hit in Index.Search(vector, options.MaxNeighbourLinks, includePending: Index.PendingCount <= MaxPendingScannedAtIngestion))
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
        var now = Store.Database.NowMs;
        var rows = batch.Select(p => new NewMemory
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
            EmbeddingModel = ModelKey,
        }).ToList();
        var ids = new long[rows.Count];
        MemoryRecord[]? appendedRows = null;
        using var appender = new MemoryAppender(tx) { QueueLinking = linking == RelationLinking.Deferred };
        {
            var times = rows.Select(r => r.Timestamp?.ToUnixTimeMilliseconds() ?? now).ToArray();
            var tail = await appender.ReadTailAsync(ct).ConfigureAwait(false);
            if (tail is null || times.Min() >= tail.Value.Timestamp)
            {
                // Everything is newer than the store: append in time order with both time-axis links set on insert
                // (ids are consecutive in this transaction), then point the old tail at the first new row.
                var order = Enumerable.Range(0, rows.Count).OrderBy(i => times[i]).ToArray();
                appendedRows = new MemoryRecord[rows.Count];
                // A single memory names no successor, so it needs neither the deferred check nor the predicted id.
                long? first = order.Length > 1 ? await appender.BeginAppendAsync(ct).ConfigureAwait(false) : null;
                long? prev = tail?.Id;
                for (var k = 0; k < order.Length; k++)
                {
                    var i = order[k];
                    var expected = first + k;
                    long? next = k + 1 < order.Length ? expected + 1 : null;
                    ids[i] = appender.Append(rows[i], times[i], prev, next, now, expected);
                    appendedRows[i] = AppendedRecord(rows[i], ids[i], times[i], prev, next, now);
                    prev = ids[i];
                }

                if (tail is { } t)
                {
                    await appender.SetNextAsync(t.Id, ids[order[0]], ct).ConfigureAwait(false);
                }
            }
            else
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    ids[i] = await MemoryRepository.InsertAsync(appender, tx, rows[i], now, ct).ConfigureAwait(false);
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
                relations.Add(appender.Relate(id, target, RelationTypes.Associative, NeighbourStrength(similarity), "similar content", now));
            }

            if (linking == RelationLinking.Inline)
            {
                await LinkSharedTagsAsync(tx, appender, id, batch[i].Tags, relations, now, ct).ConfigureAwait(false);
            }
        }

        List<MemoryRecord> written;
        if (appendedRows is not null)
        {
            written = [.. appendedRows];
        }
        else
        {
            // Re-read the rows for their final time-axis links (later rows of the batch may have moved them).
            var finalRows = await tx.Connection!.QueryAsync(tx,
                $"SELECT {MemoryRepository.ColumnsWithoutEmbedding} FROM memory WHERE id IN (SELECT value FROM json_each($ids))",
                MemoryRepository.Map, ct, ("$ids", System.Text.Json.JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            var byId = finalRows.ToDictionary(r => r.Id);
            written = [.. ids.Select(id => byId[id])];
        }

        var tagRows = await InsertTagsAsync(tx, newTags, ct).ConfigureAwait(false);
        var seq = await tx.Connection!.ScalarAsync<long>(tx, LastSeqSql, ct).ConfigureAwait(false);
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

    private double NeighbourStrength(float similarity)
    {
        var threshold = Options.Ingestion.NeighbourSimilarityThreshold;
        return Math.Round(Math.Clamp((similarity - threshold) / (1 - threshold), 0.05, 1.0), 4);
    }

    /// <summary>Relates a memory to the latest older memories sharing one of its tags (thematic, <see cref="IngestionOptions.MaxTagLinks"/> at most).</summary>
    private async Task LinkSharedTagsAsync(SqliteTransaction tx, MemoryAppender appender, long id, IReadOnlyList<string> tags, List<MemoryRelationRecord> relations, long now, CancellationToken ct)
    {
        var options = Options.Ingestion;
        if (options.MaxTagLinks == 0 || tags.Count == 0 || TagMatchExpression(tags) is not { } match)
        {
            return;
        }

        var sharing = await tx.Connection!.QueryAsync(tx,
            "SELECT rowid FROM memory_fts WHERE memory_fts MATCH $q AND rowid < $id ORDER BY rowid DESC LIMIT $k",
            r => r.GetInt64(0), ct, ("$q", match), ("$id", id), ("$k", options.MaxTagLinks)).ConfigureAwait(false);
        foreach (var other in sharing)
        {
            relations.Add(appender.Relate(id, other, RelationTypes.Thematic, options.TagLinkStrength, "shared tag", now));
        }
    }

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

    private async Task<List<(long Id, float[] Vector)>> InsertTagsAsync(SqliteTransaction tx, Dictionary<string, float[]> tags, CancellationToken ct)
    {
        var rows = new List<(long, float[])>();
        foreach (var (name, vector) in tags)
        {
            var id = await tx.Connection!.ScalarAsync<long?>(tx,
                "INSERT INTO tag (name, embedding, embedding_model, created_at) VALUES ($n, $e, $m, $now) ON CONFLICT (name) DO NOTHING RETURNING id",
                ct, ("$n", name), ("$e", VectorBlob.Encode(vector)), ("$m", ModelKey), ("$now", Store.Database.NowMs)).ConfigureAwait(false);
            if (id is { } tagId)
            {
                rows.Add((tagId, vector));
            }
        }

        return rows;
    }

    private async Task RelinkAsync(MemoryRecord before, MemoryRecord after, CancellationToken cancellationToken)
    {
        var relations = await Store.Relations.ListForMemoryAsync(after.Id, cancellationToken).ConfigureAwait(false);
        Graph.Edit(e =>
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

    private async Task ReembedLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var stale = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
                "SELECT id, content, tags FROM memory WHERE embedding IS NULL OR embedding_model IS NOT $model ORDER BY id LIMIT 64",
                r => (Id: r.GetInt64(0), Text: IndexText(r.GetString(1), TagList.Parse(r.GetString(2)))), ct, ("$model", ModelKey)), cancellationToken).ConfigureAwait(false);
            if (stale.Count == 0)
            {
                Interlocked.Exchange(ref _pendingReembed, 0);
                LogReembedDone(_logger);
                return;
            }

            var vectors = await _embedder.EmbedDocumentsAsync(stale.Select(s => s.Text).ToList(), cancellationToken).ConfigureAwait(false);
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var seq = await Store.Database.WriteAsync(async (tx, ct) =>
                {
                    for (var i = 0; i < stale.Count; i++)
                    {
                        await tx.Connection!.ExecuteAsync(tx, "UPDATE memory SET embedding = $e, embedding_model = $m WHERE id = $id", ct,
                            ("$e", VectorBlob.Encode(vectors[i])), ("$m", ModelKey), ("$id", stale[i].Id)).ConfigureAwait(false);
                        await MemoryRepository.RecordChangeAsync(tx, stale[i].Id, MemoryChangeKind.VectorUpserted, ct).ConfigureAwait(false);
                    }

                    return await tx.Connection!.ScalarAsync<long>(tx, LastSeqSql, ct).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                Index.UpsertMany(stale.Select((s, i) => new VectorEntry(s.Id, vectors[i])));
                foreach (var s in stale)
                {
                    ForgetOrphan(s.Id);
                }

                QueueAudit(stale.Select(s => s.Id));
                _appliedSeq = seq;
                NoteWrite(stale.Count);
                Interlocked.Add(ref _pendingReembed, -stale.Count);
            }
            finally
            {
                _writeGate.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedding finished: every memory now has a vector from the current model")]
    private static partial void LogReembedDone(ILogger logger);

    private sealed record PreparedMemory(NewMemory Input, string Content, IReadOnlyList<string> Tags)
    {
        public float[]? Vector { get; set; }
    }
}
