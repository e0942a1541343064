using System.Data;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The bulk path of <see cref="MemoryRepository"/>: appends memories newer than every stored one at the end of
/// the time axis, with native prepared statements reused for the whole transaction (one row with both time-axis
/// links, one full-text row and one change-log entry per memory).
/// </summary>
internal sealed class MemoryAppender : IDisposable
{
    private readonly SqliteTransaction _tx;
    private RawStatement? _insert;
    private RawStatement? _fullText;
    private RawStatement? _change;
    private RawStatement? _relation;
    private RawStatement? _linkPending;

    /// <summary>Uses the transaction's connection; each statement is prepared when first needed (the linker only relates).</summary>
    public MemoryAppender(SqliteTransaction transaction) => _tx = transaction;

    /// <summary>Queue every appended memory for the background linker (<c>memory_link_pending</c>).</summary>
    public bool QueueLinking { get; init; }

    /// <summary>The newest stored memory (id, timestamp), or null for an empty store.</summary>
    public async Task<(long Id, long Timestamp)?> ReadTailAsync(CancellationToken cancellationToken)
    {
        var rows = await _tx.Connection!.QueryAsync(_tx, "SELECT id, timestamp FROM memory ORDER BY timestamp DESC, id DESC LIMIT 1",
            r => (r.GetInt64("id"), r.GetInt64("timestamp")), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Starts a run of appends whose rows will point forward at each other: foreign keys are checked at commit
    /// (a row names its successor before that exists), and the returned id is the one the next insert gets.
    /// </summary>
    public async Task<long> BeginAppendAsync(CancellationToken cancellationToken)
    {
        var c = _tx.Connection!;
        await c.ExecuteAsync(_tx, "PRAGMA defer_foreign_keys = ON", cancellationToken).ConfigureAwait(false);
        var seq = await c.ScalarAsync<long?>(_tx, "SELECT seq FROM sqlite_sequence WHERE name = 'memory'", cancellationToken).ConfigureAwait(false);
        return (seq ?? 0) + 1;
    }

    /// <summary>Sets one memory's successor on the time axis.</summary>
    public Task SetNextAsync(long id, long nextId, CancellationToken cancellationToken) =>
        _tx.Connection!.ExecuteAsync(_tx, "UPDATE memory SET next_id = $next WHERE id = $id", cancellationToken, ("$next", nextId), ("$id", id));

    /// <summary>
    /// Inserts one memory with its time-axis links (<paramref name="nextId"/> may name a row inserted later in this
    /// transaction, see <see cref="BeginAppendAsync"/>); returns its id, which must be <paramref name="expectedId"/> when given.
    /// </summary>
    public long Append(NewMemory memory, long timestamp, long? prevId, long? nextId, long nowMs, long? expectedId)
    {
        var id = Append(memory, timestamp, prevId, nextId, nowMs);
        if (expectedId is { } e && id != e)
        {
            throw new InvalidOperationException($"The memory was stored as id {id}, not {e}; the time-axis links would be wrong, so the batch is rolled back.");
        }

        return id;
    }

    /// <summary>Inserts one memory whose predecessor on the time axis is <paramref name="prevId"/>; returns its id.</summary>
    public long Append(NewMemory memory, long timestamp, long? prevId, long nowMs) => Append(memory, timestamp, prevId, null, nowMs);

    private long Append(NewMemory memory, long timestamp, long? prevId, long? nextId, long nowMs)
    {
        var tags = TagList.Join(memory.Tags);
        _insert ??= new RawStatement(_tx.Connection!, """
            INSERT INTO memory (content, tags, clusters, importance, base_importance, access_count, last_accessed, sentiment,
                                timestamp, prev_id, next_id, msg_timestamp, source, type, embedding, embedding_model, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, ?15, ?10, ?11, ?12, ?13, ?14, ?6)
            """);
        _insert.Bind(1, memory.Content);
        _insert.Bind(2, tags);
        _insert.Bind(3, memory.Clusters);
        _insert.Bind(4, memory.Importance);
        _insert.Bind(5, memory.BaseImportance ?? Math.Max(1, memory.Importance));
        _insert.Bind(6, nowMs);
        _insert.Bind(7, memory.Sentiment);
        _insert.Bind(8, timestamp);
        _insert.Bind(9, prevId);
        _insert.Bind(10, memory.MsgTimestamp);
        _insert.Bind(11, memory.Source);
        _insert.Bind(12, memory.Type);
        if (memory.Embedding is { } vector)
        {
            _insert.BindBlob(13, BitConverter.IsLittleEndian ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()) : VectorBlob.Encode(vector));
        }
        else
        {
            _insert.BindNull(13);
        }

        _insert.Bind(14, memory.EmbeddingModel);
        _insert.Bind(15, nextId);
        var id = _insert.ExecuteInsert();

        _fullText ??= new RawStatement(_tx.Connection!, "INSERT INTO memory_fts (rowid, content, tags) VALUES (?1, ?2, ?3)");
        _fullText.Bind(1, id);
        _fullText.Bind(2, FtsSegmenter.ForIndex(memory.Content));
        _fullText.Bind(3, FtsSegmenter.ForIndexTags(tags));
        _fullText.Execute();
        if (memory.Embedding is not null)
        {
            _change ??= new RawStatement(_tx.Connection!, "INSERT INTO memory_change (memory_id, op) VALUES (?1, 1)");
            _change.Bind(1, id);
            _change.Execute();
        }

        if (QueueLinking)
        {
            _linkPending ??= new RawStatement(_tx.Connection!, "INSERT INTO memory_link_pending (memory_id) VALUES (?1)");
            _linkPending.Bind(1, id);
            _linkPending.Execute();
        }

        return id;
    }

    /// <summary>
    /// Adds (or strengthens) a relation between two memories known to exist in this transaction, with a prepared
    /// statement; <see cref="RelationRepository.UpsertAsync(SqliteTransaction, long, long, string, double, string?, long, CancellationToken)"/>
    /// is the checked path for callers that cannot vouch for the ids.
    /// </summary>
    public MemoryRelationRecord Relate(long sourceId, long targetId, string relationType, double strength, string? description, long nowMs)
    {
        _relation ??= new RawStatement(_tx.Connection!, """
            INSERT INTO memory_relation (source_id, target_id, relation_type, strength, description, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (source_id, target_id, relation_type) DO UPDATE SET strength = excluded.strength,
                description = coalesce(excluded.description, memory_relation.description)
            RETURNING id, strength, description, created_at
            """);
        _relation.Bind(1, sourceId);
        _relation.Bind(2, targetId);
        _relation.Bind(3, relationType);
        _relation.Bind(4, strength);
        _relation.Bind(5, description);
        _relation.Bind(6, nowMs);
        return _relation.ExecuteSingleRow(r => new MemoryRelationRecord
        {
            Id = r.ColumnInt64(0),
            SourceId = sourceId,
            TargetId = targetId,
            RelationType = relationType,
            Strength = r.ColumnDouble(1),
            Description = r.ColumnText(2),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.ColumnInt64(3)),
        });
    }

    public void Dispose()
    {
        _insert?.Dispose();
        _fullText?.Dispose();
        _change?.Dispose();
        _relation?.Dispose();
        _linkPending?.Dispose();
    }
}
