using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The bulk path of <see cref="MemoryRepository"/>: appends memories newer than every stored one at the end of
/// the time axis, with prepared statements reused for the whole transaction (one row, one full-text row and
/// one change-log entry per memory, then one statement that sets every <c>next_id</c>).
/// </summary>
internal sealed class MemoryAppender : IDisposable
{
    private readonly SqliteTransaction _tx;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _fullText;
    private readonly SqliteCommand _change;
    private SqliteCommand? _relation;

    public MemoryAppender(SqliteTransaction transaction)
    {
        _tx = transaction;
        var c = transaction.Connection!;
        _insert = c.Command(transaction, """
            INSERT INTO memory (content, tags, clusters, importance, base_importance, access_count, last_accessed, sentiment,
                                timestamp, prev_id, msg_timestamp, source, type, embedding, embedding_model, updated_at)
            VALUES ($content, $tags, $clusters, $importance, $base, 0, $now, $sentiment, $ts, $prev, $msg, $source, $type, $emb, $model, $now)
            RETURNING id
            """);
        foreach (var name in (string[])["$content", "$tags", "$clusters", "$importance", "$base", "$now", "$sentiment", "$ts", "$prev", "$msg", "$source", "$type", "$emb", "$model"])
        {
            _insert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        _fullText = c.Command(transaction, "INSERT INTO memory_fts (rowid, content, tags) VALUES ($id, $content, $tags)",
            ("$id", 0L), ("$content", string.Empty), ("$tags", string.Empty));
        _change = c.Command(transaction, "INSERT INTO memory_change (memory_id, op) VALUES ($id, 1)", ("$id", 0L));
        _insert.Prepare();
        _fullText.Prepare();
        _change.Prepare();
    }

    /// <summary>The newest stored memory (id, timestamp), or null for an empty store.</summary>
    public async Task<(long Id, long Timestamp)?> ReadTailAsync(CancellationToken cancellationToken)
    {
        var rows = await _tx.Connection!.QueryAsync(_tx, "SELECT id, timestamp FROM memory ORDER BY timestamp DESC, id DESC LIMIT 1",
            r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Inserts one memory whose predecessor on the time axis is <paramref name="prevId"/>; returns its id.</summary>
    public async Task<long> AppendAsync(NewMemory memory, long timestamp, long? prevId, long nowMs, CancellationToken cancellationToken)
    {
        var p = _insert.Parameters;
        p["$content"].Value = memory.Content;
        p["$tags"].Value = TagList.Join(memory.Tags);
        p["$clusters"].Value = (object?)memory.Clusters ?? DBNull.Value;
        p["$importance"].Value = memory.Importance;
        p["$base"].Value = memory.BaseImportance ?? Math.Max(1, memory.Importance);
        p["$now"].Value = nowMs;
        p["$sentiment"].Value = memory.Sentiment;
        p["$ts"].Value = timestamp;
        p["$prev"].Value = (object?)prevId ?? DBNull.Value;
        p["$msg"].Value = (object?)memory.MsgTimestamp ?? DBNull.Value;
        p["$source"].Value = memory.Source;
        p["$type"].Value = memory.Type;
        p["$emb"].Value = memory.Embedding is null ? DBNull.Value : VectorBlob.Encode(memory.Embedding);
        p["$model"].Value = (object?)memory.EmbeddingModel ?? DBNull.Value;
        var id = (long)(await _insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

        _fullText.Parameters["$id"].Value = id;
        _fullText.Parameters["$content"].Value = FtsSegmenter.ForIndex(memory.Content);
        _fullText.Parameters["$tags"].Value = FtsSegmenter.ForIndexTags(TagList.Join(memory.Tags));
        await _fullText.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (memory.Embedding is not null)
        {
            _change.Parameters["$id"].Value = id;
            await _change.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>
    /// Adds (or strengthens) a relation between two memories known to exist in this transaction, with a prepared
    /// statement; <see cref="RelationRepository.UpsertAsync(SqliteTransaction, long, long, string, double, string?, long, CancellationToken)"/>
    /// is the checked path for callers that cannot vouch for the ids.
    /// </summary>
    public async Task<MemoryRelationRecord> RelateAsync(long sourceId, long targetId, string relationType, double strength, string? description, long nowMs, CancellationToken cancellationToken)
    {
        if (_relation is null)
        {
            _relation = _tx.Connection!.Command(_tx, """
                INSERT INTO memory_relation (source_id, target_id, relation_type, strength, description, created_at)
                VALUES ($s, $t, $type, $strength, $desc, $now)
                ON CONFLICT (source_id, target_id, relation_type) DO UPDATE SET strength = excluded.strength,
                    description = coalesce(excluded.description, memory_relation.description)
                RETURNING id, source_id, target_id, relation_type, strength, description, created_at
                """, ("$s", 0L), ("$t", 0L), ("$type", string.Empty), ("$strength", 0.0), ("$desc", DBNull.Value), ("$now", 0L));
            _relation.Prepare();
        }

        var p = _relation.Parameters;
        p["$s"].Value = sourceId;
        p["$t"].Value = targetId;
        p["$type"].Value = relationType;
        p["$strength"].Value = strength;
        p["$desc"].Value = (object?)description ?? DBNull.Value;
        p["$now"].Value = nowMs;
        var reader = await _relation.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return RelationRepository.Map(reader);
        }
    }

    /// <summary>Sets <c>next_id</c> of the old tail and of every appended memory from their successors' <c>prev_id</c>.</summary>
    public Task LinkForwardAsync(long? oldTail, IReadOnlyList<long> appended, CancellationToken cancellationToken)
    {
        var ids = System.Text.Json.JsonSerializer.Serialize(oldTail is { } t ? appended.Prepend(t) : appended);
        return _tx.Connection!.ExecuteAsync(_tx, """
            UPDATE memory SET next_id = (SELECT n.id FROM memory n WHERE n.prev_id = memory.id)
            WHERE id IN (SELECT value FROM json_each($ids))
            """, cancellationToken, ("$ids", ids));
    }

    public void Dispose()
    {
        _insert.Dispose();
        _fullText.Dispose();
        _change.Dispose();
        _relation?.Dispose();
    }
}
