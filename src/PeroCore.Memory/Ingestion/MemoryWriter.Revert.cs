using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.History;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Ingestion;

/// <summary>Reverts, undo of a maintenance run, purges and the helpers the history writes share.</summary>
internal sealed partial class MemoryWriter
{
    /// <summary>
    /// Changes a memory within a write with its history row (see <see cref="UpdateAsync"/>); returns the new vector when
    /// the text changed (embedded here unless <paramref name="precomputed"/> matches the new text).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The memory does not exist.</exception>
    private async Task<float[]?> UpdateInAsync(SqliteTransaction tx, long id, MemoryEdit edit, (string Text, float[] Vector)? precomputed, ChangeOrigin origin, CancellationToken ct)
    {
        var row = await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Memory {id} does not exist.");
        var content = edit.Content is null ? row.Content : Clean(edit.Content);
        var tags = edit.Tags is null ? row.Tags : TagList.Normalize(edit.Tags);
        var textChanged = content != row.Content || !tags.SequenceEqual(row.Tags, StringComparer.Ordinal);
        float[]? vector = null;
        if (textChanged || row.EmbeddingModel != context.ModelKey)
        {
            var text = IndexText(content, tags);
            vector = precomputed is { } p && p.Text == text ? p.Vector : await context.Embedder.EmbedDocumentAsync(text, ct).ConfigureAwait(false);
            VectorValidation.EnsureValid(vector, context.Model.Dimensions, "embedding", requireNonZero: true);
        }

        var now = context.Store.Database.NowMs;
        await HistoryStore.RecordAsync(tx, id, MemoryHistoryOps.Update, origin, now, async () =>
        {
            var updated = row with
            {
                Content = content,
                Tags = tags,
                Clusters = edit.Clusters ?? row.Clusters,
                Importance = edit.Importance ?? row.Importance,
                BaseImportance = edit.BaseImportance ?? (edit.Importance is { } i && i > row.BaseImportance ? i : row.BaseImportance),
                Sentiment = edit.Sentiment ?? row.Sentiment,
                Type = edit.Type ?? row.Type,
                Timestamp = edit.Timestamp ?? row.Timestamp,
                Embedding = vector ?? row.Embedding,
                EmbeddingModel = vector is null ? row.EmbeddingModel : context.ModelKey,
            };
            await MemoryRepository.UpdateAsync(tx, row, updated, now, ct).ConfigureAwait(false);
            if (textChanged)
            {
                await IngestionStore.RequeueLinksAsync(tx, id, ct).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
        return vector;
    }

    /// <summary>Records in a history row's after JSON the tag rows its change created (a revert removes those no memory uses).</summary>
    private static Task AttachCreatedTagsAsync(SqliteTransaction tx, long historyId, IEnumerable<long> tagIds, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(tx,
            "UPDATE memory_history SET after_json = json_set(coalesce(after_json, '{}'), '$.created_tags', json($tags)) WHERE id = $id", ct,
            ("$tags", HistoryStore.Ids(tagIds)), ("$id", historyId));

    /// <summary>
    /// After a committed write that changed memories through history (a batch, a revert, an undo, a purge): the vectors
    /// of <paramref name="vectors"/> go into the index, <paramref name="removed"/> leave it, tag rows follow, and the
    /// graph is rebuilt from SQLite (these writes are rare and may touch any relation or time-axis link). Under the gate.
    /// </summary>
    private async Task SyncAfterHistoryWriteAsync(IReadOnlyDictionary<long, float[]> vectors, IReadOnlyCollection<long> removed, IReadOnlyList<(long Id, float[] Vector)> newTags,
        IReadOnlyCollection<long> removedTags, long seq, int count)
    {
        if (vectors.Count > 0)
        {
            context.Index.UpsertMany(vectors.Select(v => new VectorEntry(v.Key, v.Value)));
            foreach (var id in vectors.Keys)
            {
                audit.Forget(id);
            }

            audit.Queue(vectors.Select(v => (v.Key, v.Value)));
        }

        foreach (var id in removed)
        {
            context.Index.Remove(id);
            audit.Forget(id);
        }

        foreach (var (tagId, tagVector) in newTags)
        {
            context.TagIndex.Upsert(tagId, tagVector);
        }

        foreach (var tagId in removedTags)
        {
            context.TagIndex.Remove(tagId);
        }

        var (nodes, links) = await new IndexSyncStore(context.Store.Database).TimeAxisAsync(CancellationToken.None).ConfigureAwait(false);
        var relations = await context.Store.Relations.ListAllAsync(CancellationToken.None).ConfigureAwait(false);
        context.Graph.ReplaceWith(MemoryGraph.Build(nodes, links, relations.Select(r => (r.SourceId, r.TargetId, (float)r.Strength)), context.Options.Graph));
        indexes.Applied(Math.Max(1, count), seq);
    }

    /// <summary>Deletes the tag rows among <paramref name="tagIds"/> that no memory carries any more; returns their ids.</summary>
    private static async Task<List<long>> DropUnusedTagsAsync(SqliteTransaction tx, IEnumerable<long> tagIds, CancellationToken ct)
    {
        var c = tx.Connection!;
        var dropped = new List<long>();
        foreach (var tagId in tagIds.Distinct())
        {
            var name = await c.ScalarAsync<string?>(tx, "SELECT name FROM tag WHERE id = $id", ct, ("$id", tagId)).ConfigureAwait(false);
            if (name is null)
            {
                continue;
            }

            var used = await c.ScalarAsync<long>(tx, "SELECT count(*) FROM memory WHERE (',' || lower(tags) || ',') LIKE '%,' || $n || ',%' ESCAPE '\\'", ct,
                ("$n", EscapeLike(name.ToLowerInvariant()))).ConfigureAwait(false);
            if (used == 0)
            {
                await c.ExecuteAsync(tx, "DELETE FROM tag WHERE id = $id", ct, ("$id", tagId)).ConfigureAwait(false);
                dropped.Add(tagId);
            }
        }

        return dropped;
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static IEnumerable<long> CreatedTags(MemoryHistoryEntry entry) =>
        entry.After?["created_tags"] is JsonArray tags ? tags.Select(t => t!.GetValue<long>()) : [];

    /// <summary>
    /// Puts memory <paramref name="memoryId"/> back to the image before history row <paramref name="historyId"/> (an import
    /// or a create: removes it), writing a <c>revert</c> row that can itself be reverted.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such history row for this memory.</exception>
    /// <exception cref="HistoryConflictException">Nothing to revert, or the image names a memory that no longer exists.</exception>
    public async Task<MemoryHistoryEntry> RevertAsync(long memoryId, long historyId, ChangeOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vectors = new Dictionary<long, float[]>();
            var removed = new List<long>();
            var (entry, droppedTags, seq) = await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                var target = await HistoryStore.GetAsync(tx.Connection!, tx, historyId, ct).ConfigureAwait(false);
                if (target is null || (target.MemoryId != memoryId && !HistoryStore.Lists(target, memoryId)))
                {
                    throw new KeyNotFoundException($"History row {historyId} does not exist for memory {memoryId}.");
                }

                var image = target.MemoryId == memoryId ? target.Before : null;
                var before = await MemoryImages.CaptureAsync(tx, memoryId, ct).ConfigureAwait(false);
                if (before is null && image is null)
                {
                    throw new HistoryConflictException($"Memory {memoryId} does not exist any more, and history row {historyId} reverts it to no memory: nothing to do.")
                    {
                        MemoryId = memoryId,
                    };
                }

                var id = await RestoreWithRowAsync(tx, memoryId, image, before, origin, target.Id, null, vectors, removed, ct).ConfigureAwait(false);
                var dropped = await DropUnusedTagsAsync(tx, CreatedTags(target), ct).ConfigureAwait(false);
                var written = (await HistoryStore.GetAsync(tx.Connection!, tx, id, ct).ConfigureAwait(false))!;
                return (written, dropped, await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            await SyncAfterHistoryWriteAsync(vectors, removed, [], droppedTags, seq, 1).ConfigureAwait(false);
            return entry;
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>
    /// Reverts every change of maintenance run <paramref name="runId"/> in reverse order, in one transaction: memories it
    /// created are removed (their history stays), the others get their images from before the run back. Refused, with
    /// nothing written, when a change outside the run touched one of its memories since, or the run was already undone.
    /// Marks the run's maintenance record undone (when there is one). Returns the revert rows written.
    /// </summary>
    /// <exception cref="HistoryConflictException">A later change, an earlier undo, or a relation partner gone.</exception>
    public async Task<IReadOnlyList<long>> UndoRunAsync(long runId, ChangeOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vectors = new Dictionary<long, float[]>();
            var removed = new List<long>();
            var (written, droppedTags, seq) = await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                var c = tx.Connection!;
                var rows = await HistoryStore.ForRunAsync(c, tx, runId, ct).ConfigureAwait(false);
                rows = [.. rows.Where(r => r.MemoryId is not null && r.Op != MemoryHistoryOps.Revert)];
                if (rows.Count == 0)
                {
                    return (new List<long>(), new List<long>(), 0L);
                }

                var undone = await c.QuerySingleAsync(tx,
                    "SELECT id, actor, created_at FROM memory_history WHERE op = 'revert' AND json_extract(after_json, '$.undo_of_run') = $run ORDER BY id LIMIT 1",
                    r => new ConflictRow(r.GetInt64(0), r.GetString(1), null, r.GetInt64(2)), ct, ("$run", runId)).ConfigureAwait(false);
                if (undone is not null)
                {
                    throw Conflict(null, undone, $"Run {runId} was already undone (history row {undone.Id} by {undone.Actor} at {Time(undone.At)}).");
                }

                foreach (var group in rows.GroupBy(r => r.MemoryId!.Value))
                {
                    var first = group.Min(r => r.Id);
                    var later = await c.QuerySingleAsync(tx, """
                        SELECT id, actor, run_id, created_at FROM memory_history
                        WHERE memory_id = $m AND id > $first AND (run_id IS NULL OR run_id <> $run)
                          -- a later run that was undone since, and the reverts of that undo, cancel out
                          AND NOT (op = 'revert' AND json_extract(after_json, '$.undo_of_run') IS NOT NULL)
                          AND NOT (run_id IS NOT NULL AND EXISTS (SELECT 1 FROM memory_history u
                                   WHERE u.op = 'revert' AND json_extract(u.after_json, '$.undo_of_run') = memory_history.run_id))
                        ORDER BY id LIMIT 1
                        """, r => new ConflictRow(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetInt64(3)), ct,
                        ("$m", group.Key), ("$first", first), ("$run", runId)).ConfigureAwait(false);
                    if (later is not null)
                    {
                        var by = later.RunId is { } other ? $"run {other} ({later.Actor})" : later.Actor;
                        throw Conflict(group.Key, later,
                            $"Run {runId} cannot be undone exactly: memory {group.Key} was changed after it by {by} at {Time(later.At)} (history row {later.Id}). Revert that change first.");
                    }
                }

                var revertRows = new List<long>();
                foreach (var row in Enumerable.Reverse(rows))
                {
                    var id = row.MemoryId!.Value;
                    var before = await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false);
                    revertRows.Add(await RestoreWithRowAsync(tx, id, row.Before, before, origin, row.Id, runId, vectors, removed, ct).ConfigureAwait(false));
                }

                var dropped = await DropUnusedTagsAsync(tx, rows.SelectMany(CreatedTags), ct).ConfigureAwait(false);
                await c.ExecuteAsync(tx, "UPDATE maintenance_record SET undone_at = $now WHERE id = $run AND undone_at IS NULL", ct,
                    ("$now", context.Store.Database.NowMs), ("$run", runId)).ConfigureAwait(false);
                return (revertRows, dropped, await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            if (written.Count > 0)
            {
                await SyncAfterHistoryWriteAsync(vectors, removed, [], droppedTags, seq, written.Count).ConfigureAwait(false);
            }

            return written;
        }
        finally
        {
            context.WriteGate.Release();
        }

        static HistoryConflictException Conflict(long? memoryId, ConflictRow row, string message) => new(message)
        {
            MemoryId = memoryId,
            ConflictingHistoryId = row.Id,
            ConflictingActor = row.Actor,
            ConflictingRunId = row.RunId,
            ConflictingAt = DateTimeOffset.FromUnixTimeMilliseconds(row.At),
        };

        static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Erases a memory for good: the row (with its full text, relations, vector) and every history row about it; its id
    /// leaves import batches, and its relations and links leave the images of other memories. No history row is written.
    /// </summary>
    public async Task<PurgeReport> PurgeAsync(long memoryId, CancellationToken cancellationToken)
    {
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (report, droppedTags, seq) = await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                var row = await MemoryRepository.GetAsync(tx, memoryId, ct).ConfigureAwait(false);
                var existed = row is not null && await MemoryRepository.DeleteAsync(tx, memoryId, ct).ConfigureAwait(false);
                var (deleted, rewritten) = await HistoryStore.ScrubAsync(tx, memoryId, ct).ConfigureAwait(false);
                var tagIds = row is null ? [] : await tx.Connection!.QueryAsync(tx, "SELECT id FROM tag WHERE name IN (SELECT value FROM json_each($n))",
                    r => r.GetInt64(0), ct, ("$n", System.Text.Json.JsonSerializer.Serialize(row.Tags))).ConfigureAwait(false);
                var dropped = await DropUnusedTagsAsync(tx, tagIds, ct).ConfigureAwait(false);
                return (new PurgeReport(existed, deleted, rewritten), dropped, await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);
            if (report.MemoryDeleted || droppedTags.Count > 0)
            {
                await SyncAfterHistoryWriteAsync(new Dictionary<long, float[]>(), report.MemoryDeleted ? [memoryId] : [], [], droppedTags, seq, 1).ConfigureAwait(false);
            }

            return report;
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    private async Task<long> RestoreWithRowAsync(SqliteTransaction tx, long memoryId, JsonObject? image, JsonObject? before, ChangeOrigin origin, long revertedId, long? undoOfRun,
        Dictionary<long, float[]> vectors, List<long> removed, CancellationToken ct)
    {
        var vector = await MemoryImages.RestoreAsync(tx, memoryId, image, ct).ConfigureAwait(false);
        if (vector is null)
        {
            vectors.Remove(memoryId);
            if (!removed.Contains(memoryId))
            {
                removed.Add(memoryId);
            }
        }
        else
        {
            removed.Remove(memoryId);
            vectors[memoryId] = vector;
        }

        var after = await MemoryImages.CaptureAsync(tx, memoryId, ct).ConfigureAwait(false);
        var marker = after ?? [];
        marker["reverted_history_id"] = revertedId;
        if (undoOfRun is { } run)
        {
            marker["undo_of_run"] = run;
        }

        return await HistoryStore.AppendAsync(tx, memoryId, MemoryHistoryOps.Revert, origin, before, marker, context.Store.Database.NowMs, ct).ConfigureAwait(false);
    }

    private sealed record ConflictRow(long Id, string Actor, long? RunId, long At);
}
