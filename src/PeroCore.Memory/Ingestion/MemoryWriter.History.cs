using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.History;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Ingestion;

/// <summary>
/// The history side of the write path: archive, batches applied all or nothing, reverts, the undo of a maintenance run,
/// purges. Every change writes its history row in the transaction of the change; the vector index, the tag index and
/// the graph follow after the commit.
/// </summary>
internal sealed partial class MemoryWriter
{
    /// <summary>Adds or updates a relation within a write and records it in the history of both ends.</summary>
    private async Task<(MemoryRelationRecord? Old, MemoryRelationRecord Saved)> RelateInAsync(SqliteTransaction tx, long sourceId, long targetId, string relationType, double strength,
        string? description, ChangeOrigin origin, CancellationToken ct, long? skipHistoryOf = null)
    {
        var now = context.Store.Database.NowMs;
        var beforeSource = skipHistoryOf == sourceId ? null : await MemoryImages.CaptureAsync(tx, sourceId, ct).ConfigureAwait(false);
        var beforeTarget = skipHistoryOf == targetId ? null : await MemoryImages.CaptureAsync(tx, targetId, ct).ConfigureAwait(false);
        var old = await RelationRepository.FindAsync(tx, sourceId, targetId, relationType, ct).ConfigureAwait(false);
        var saved = await RelationRepository.UpsertAsync(tx, sourceId, targetId, relationType, strength, description, now, ct).ConfigureAwait(false);
        foreach (var (id, before) in new[] { (sourceId, beforeSource), (targetId, beforeTarget) })
        {
            if (skipHistoryOf != id)
            {
                var after = await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false);
                await HistoryStore.AppendAsync(tx, id, MemoryHistoryOps.Relate, origin, before, after, now, ct).ConfigureAwait(false);
            }
        }

        return (old, saved);
    }

    /// <summary>Removes a relation within a write and records it in the history of both ends; null if it did not exist.</summary>
    private async Task<MemoryRelationRecord?> UnrelateInAsync(SqliteTransaction tx, long relationId, ChangeOrigin origin, CancellationToken ct)
    {
        var relation = await tx.Connection!.QuerySingleAsync(tx, $"SELECT {RelationColumns.Select} FROM memory_relation WHERE id = $id",
            RelationColumns.Of, RelationColumns.Map, ct, ("$id", relationId)).ConfigureAwait(false);
        if (relation is null)
        {
            return null;
        }

        var now = context.Store.Database.NowMs;
        var beforeSource = await MemoryImages.CaptureAsync(tx, relation.SourceId, ct).ConfigureAwait(false);
        var beforeTarget = await MemoryImages.CaptureAsync(tx, relation.TargetId, ct).ConfigureAwait(false);
        var removed = await RelationRepository.DeleteReturningAsync(tx, relationId, ct).ConfigureAwait(false);
        await HistoryStore.AppendAsync(tx, relation.SourceId, MemoryHistoryOps.Unrelate, origin, beforeSource,
            await MemoryImages.CaptureAsync(tx, relation.SourceId, ct).ConfigureAwait(false), now, ct).ConfigureAwait(false);
        await HistoryStore.AppendAsync(tx, relation.TargetId, MemoryHistoryOps.Unrelate, origin, beforeTarget,
            await MemoryImages.CaptureAsync(tx, relation.TargetId, ct).ConfigureAwait(false), now, ct).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Sets or clears <c>archived_at</c> within a write with its history row; false when the memory is already in that state.</summary>
    /// <exception cref="KeyNotFoundException">The memory does not exist.</exception>
    private async Task<bool> SetArchivedInAsync(SqliteTransaction tx, long id, bool archived, ChangeOrigin origin, CancellationToken ct)
    {
        var now = context.Store.Database.NowMs;
        var state = await tx.Connection!.QueryAsync(tx, "SELECT archived_at IS NOT NULL FROM memory WHERE id = $id", r => r.GetInt64(0) != 0, ct, ("$id", id)).ConfigureAwait(false);
        if (state.Count == 0)
        {
            throw new KeyNotFoundException($"Memory {id} does not exist.");
        }

        if (state[0] == archived)
        {
            return false;
        }

        await HistoryStore.RecordAsync(tx, id, archived ? MemoryHistoryOps.Archive : MemoryHistoryOps.Unarchive, origin, now,
            () => tx.Connection!.ExecuteAsync(tx, "UPDATE memory SET archived_at = $a, updated_at = $now WHERE id = $id", ct,
                ("$a", archived ? now : null), ("$now", now), ("$id", id)), ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Archives or brings back a memory; null if it does not exist.</summary>
    public async Task<MemoryRecord?> SetArchivedAsync(long id, bool archived, ChangeOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                if (await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false) is null)
                {
                    return null;
                }

                await SetArchivedInAsync(tx, id, archived, origin, ct).ConfigureAwait(false);
                return await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>
    /// Applies every operation in one transaction, or none: a failing operation throws and nothing is written (rows,
    /// history, vectors, full text, graph). See <see cref="MemoryOperation"/> for how operations name added memories.
    /// </summary>
    public async Task<BatchResult> ApplyBatchAsync(IReadOnlyList<MemoryOperation> operations, ChangeOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(origin);
        if (operations.Count == 0)
        {
            return new BatchResult([], []);
        }

        // Everything that can be checked or computed without the write gate: content cleaning, vectors, references.
        var prepared = new Dictionary<int, PreparedMemory>();
        var updateVectors = new Dictionary<int, (string Text, float[] Vector)>();
        var addCount = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            switch (operations[i])
            {
                case AddMemoryOperation add:
                    ArgumentNullException.ThrowIfNull(add.Memory, $"operations[{i}].Memory");
                    if (add.Op is not (MemoryHistoryOps.Create or MemoryHistoryOps.Merge))
                    {
                        throw new ArgumentException($"operations[{i}]: an added memory's history op must be '{MemoryHistoryOps.Create}' or '{MemoryHistoryOps.Merge}'.", nameof(operations));
                    }

                    prepared[i] = Prepare(add.Memory);
                    addCount++;
                    foreach (var r in add.Relations ?? [])
                    {
                        CheckReference(r.SourceId, addCount, i, allowSelf: true);
                        CheckReference(r.TargetId, addCount, i, allowSelf: true);
                        CheckRelation(r.RelationType, r.Strength, i);
                    }

                    break;
                case UpdateMemoryOperation update:
                    ArgumentNullException.ThrowIfNull(update.Edit, $"operations[{i}].Edit");
                    CheckReference(update.Id, addCount, i, allowSelf: false);
                    if (update.Edit.Importance is < 0 or > 10)
                    {
                        throw new ArgumentOutOfRangeException(nameof(operations), update.Edit.Importance, $"operations[{i}]: importance must be between 0 and 10.");
                    }

                    if (update.Edit.Content is not null || update.Edit.Tags is not null)
                    {
                        var content = update.Edit.Content is null ? null : Clean(update.Edit.Content);
                        if (update.Id > 0 && await context.Store.Memories.GetAsync(update.Id, cancellationToken).ConfigureAwait(false) is { } current)
                        {
                            var text = IndexText(content ?? current.Content, update.Edit.Tags is null ? current.Tags : TagList.Normalize(update.Edit.Tags));
                            updateVectors[i] = (text, await context.Embedder.EmbedDocumentAsync(text, cancellationToken).ConfigureAwait(false));
                        }
                    }

                    break;
                case ArchiveMemoryOperation archive:
                    CheckReference(archive.Id, addCount, i, allowSelf: false);
                    break;
                case RelateMemoryOperation relate:
                    CheckReference(relate.SourceId, addCount, i, allowSelf: false);
                    CheckReference(relate.TargetId, addCount, i, allowSelf: false);
                    CheckRelation(relate.RelationType, relate.Strength, i);
                    break;
                case UnrelateMemoryOperation:
                    break;
                case null:
                    throw new ArgumentNullException(nameof(operations), $"operations[{i}] is null.");
                default:
                    throw new ArgumentException($"operations[{i}]: unknown operation {operations[i].GetType().Name}.", nameof(operations));
            }
        }

        await EmbedMissingAsync([.. prepared.Values], cancellationToken).ConfigureAwait(false);
        var tagProbes = prepared.Values.ToList();
        foreach (var update in operations.OfType<UpdateMemoryOperation>().Where(u => u.Edit.Tags is not null))
        {
            var tags = TagList.Normalize(update.Edit.Tags);
            tagProbes.Add(new PreparedMemory(new NewMemory { Content = "-", Tags = tags }, "-", tags));
        }

        var newTags = await EmbedNewTagsAsync(tagProbes, cancellationToken).ConfigureAwait(false);

        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vectors = new Dictionary<long, float[]>();
            var (created, history, tagRows, seq) = await context.Store.Database.WriteAsync(async (tx, ct) =>
            {
                var now = context.Store.Database.NowMs;
                var createdIds = new List<long>();
                var startId = await tx.Connection!.ScalarAsync<long>(tx, "SELECT coalesce(max(id), 0) FROM memory_history", ct).ConfigureAwait(false);
                var insertedTags = await IngestionStore.InsertTagsAsync(tx, newTags, context.ModelKey, now, ct).ConfigureAwait(false);
                long Resolve(long id, long? self) => id switch
                {
                    0 => self ?? throw new ArgumentException("Memory id 0 names the memory being added and only works in an add's relations.", nameof(operations)),
                    < 0 => createdIds[(int)(-id) - 1],
                    _ => id,
                };

                for (var i = 0; i < operations.Count; i++)
                {
                    try
                    {
                        switch (operations[i])
                        {
                            case AddMemoryOperation add:
                            {
                                var p = prepared[i];
                                var row = add.Memory with { Content = p.Content, Tags = p.Tags, Embedding = p.Vector, EmbeddingModel = context.ModelKey };
                                var id = await MemoryRepository.InsertAsync(tx, row, now, ct).ConfigureAwait(false);
                                createdIds.Add(id);
                                vectors[id] = p.Vector!;
                                await tx.Connection!.ExecuteAsync(tx, "INSERT OR IGNORE INTO memory_link_pending (memory_id) VALUES ($id)", ct, ("$id", id)).ConfigureAwait(false);
                                foreach (var r in add.Relations ?? [])
                                {
                                    var source = Resolve(r.SourceId, id);
                                    var target = Resolve(r.TargetId, id);
                                    if (source != id && target != id)
                                    {
                                        throw new ArgumentException("An add's relation must involve the memory being added (0); use a relate operation for others.", nameof(operations));
                                    }

                                    await RelateInAsync(tx, source, target, r.RelationType, r.Strength, r.Description, origin, ct, skipHistoryOf: id).ConfigureAwait(false);
                                }

                                var after = (await MemoryImages.CaptureAsync(tx, id, ct).ConfigureAwait(false))!;
                                await HistoryStore.AppendAsync(tx, id, add.Op, origin, null, after, now, ct).ConfigureAwait(false);
                                break;
                            }

                            case UpdateMemoryOperation update:
                            {
                                var id = Resolve(update.Id, null);
                                var vector = await UpdateInAsync(tx, id, update.Edit, updateVectors.TryGetValue(i, out var v) ? v : null, origin, ct).ConfigureAwait(false);
                                if (vector is not null)
                                {
                                    vectors[id] = vector;
                                }

                                break;
                            }

                            case ArchiveMemoryOperation archive:
                                await SetArchivedInAsync(tx, Resolve(archive.Id, null), archived: true, origin, ct).ConfigureAwait(false);
                                break;
                            case RelateMemoryOperation relate:
                                await RelateInAsync(tx, Resolve(relate.SourceId, null), Resolve(relate.TargetId, null), relate.RelationType, relate.Strength, relate.Description, origin, ct)
                                    .ConfigureAwait(false);
                                break;
                            case UnrelateMemoryOperation unrelate:
                                if (await UnrelateInAsync(tx, unrelate.RelationId, origin, ct).ConfigureAwait(false) is null)
                                {
                                    throw new KeyNotFoundException($"Relation {unrelate.RelationId} does not exist.");
                                }

                                break;
                        }
                    }
                    catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException or SqliteException or HistoryConflictException)
                    {
                        ex.Data["operation_index"] = i; // nothing is written: the transaction rolls back
                        throw;
                    }
                }

                var written = await tx.Connection!.QueryAsync(tx, "SELECT id FROM memory_history WHERE id > $start ORDER BY id", r => r.GetInt64(0), ct,
                    ("$start", startId)).ConfigureAwait(false);
                if (insertedTags.Count > 0 && written.Count > 0)
                {
                    await AttachCreatedTagsAsync(tx, written[0], insertedTags.Select(t => t.Id), ct).ConfigureAwait(false);
                }

                return (createdIds, written, insertedTags, await IndexSyncStore.LastChangeAsync(tx, ct).ConfigureAwait(false));
            }, cancellationToken).ConfigureAwait(false);

            await SyncAfterHistoryWriteAsync(vectors, [], tagRows, [], seq, created.Count + history.Count).ConfigureAwait(false);
            linker.Request();
            return new BatchResult(created, history);
        }
        finally
        {
            context.WriteGate.Release();
        }

        static void CheckReference(long id, int addsSoFar, int index, bool allowSelf)
        {
            if (id == 0 && !allowSelf)
            {
                throw new ArgumentException($"operations[{index}]: memory id 0 only names the memory being added, in an add's relations.", nameof(operations));
            }

            if (id < 0 && -id > addsSoFar - (allowSelf ? 1 : 0) && !(allowSelf && -id == addsSoFar))
            {
                throw new ArgumentException($"operations[{index}]: memory id {id} names the {-id}th added memory of the batch, which is not added before this operation.", nameof(operations));
            }
        }

        static void CheckRelation(string type, double strength, int index)
        {
            if (!RelationTypes.IsValid(type))
            {
                throw new ArgumentException($"operations[{index}]: unknown relation type '{type}'. Use one of: {string.Join(", ", RelationTypes.All)}.", nameof(operations));
            }

            if (!double.IsFinite(strength) || strength is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(operations), strength, $"operations[{index}]: relation strength must be between 0 and 1.");
            }
        }
    }
}
