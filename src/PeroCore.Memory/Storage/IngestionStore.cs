using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The SQL of ingestion beyond <see cref="MemoryRepository"/> and <see cref="MemoryAppender"/>: the tag table, the
/// re-read of a written batch, shared-tag lookups, the re-embedding queue and the background linker's queue
/// (<c>memory_link_pending</c>).
/// </summary>
internal sealed class IngestionStore(PeroDatabase database)
{
    /// <summary>The names among <paramref name="names"/> that are already in the tag table.</summary>
    public Task<List<string>> KnownTagsAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT name FROM tag WHERE name IN (SELECT value FROM json_each($names))", r => r.GetString("name"), ct,
            ("$names", JsonSerializer.Serialize(names))), cancellationToken);

    /// <summary>Inserts the tags that are still new (a concurrent write may have added one); returns the rows inserted.</summary>
    public static async Task<List<(long Id, float[] Vector)>> InsertTagsAsync(SqliteTransaction transaction, Dictionary<string, float[]> tags, string modelKey, long nowMs,
        CancellationToken cancellationToken)
    {
        var rows = new List<(long, float[])>();
        foreach (var (name, vector) in tags)
        {
            var id = await transaction.Connection!.ScalarAsync<long?>(transaction,
                "INSERT INTO tag (name, embedding, embedding_model, created_at) VALUES ($n, $e, $m, $now) ON CONFLICT (name) DO NOTHING RETURNING id",
                cancellationToken, ("$n", name), ("$e", VectorBlob.Encode(vector)), ("$m", modelKey), ("$now", nowMs)).ConfigureAwait(false);
            if (id is { } tagId)
            {
                rows.Add((tagId, vector));
            }
        }

        return rows;
    }

    /// <summary>The rows of <paramref name="ids"/> within a write, without their vectors, by id.</summary>
    public static async Task<Dictionary<long, MemoryRecord>> ReadWrittenAsync(SqliteTransaction transaction, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = await transaction.Connection!.QueryAsync(transaction,
            $"SELECT {MemoryRepository.ColumnsWithoutEmbedding} FROM memory WHERE id IN (SELECT value FROM json_each($ids))",
            MemoryColumns.Of, MemoryColumns.Map, cancellationToken, ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Id);
    }

    /// <summary>
    /// Older memories (lower id than <paramref name="id"/>) matching a tag expression, newest first, at most <paramref name="limit"/>.
    /// </summary>
    public static Task<List<long>> SharingTagsAsync(SqliteTransaction transaction, string match, long id, int limit, CancellationToken cancellationToken) =>
        transaction.Connection!.QueryAsync(transaction,
            "SELECT rowid AS id FROM memory_fts WHERE memory_fts MATCH $q AND rowid < $id ORDER BY rowid DESC LIMIT $k",
            r => r.GetOrdinal("id"), (r, o) => r.GetInt64(o), cancellationToken, ("$q", match), ("$id", id), ("$k", limit));

    /// <summary>Up to 64 memories whose vector is missing or from another model than <paramref name="modelKey"/>, in id order.</summary>
    public Task<List<(long Id, string Content, IReadOnlyList<string> Tags)>> StaleAsync(string modelKey, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT id, content, tags FROM memory WHERE embedding IS NULL OR embedding_model IS NOT $model ORDER BY id LIMIT 64",
            r => (Id: r.GetOrdinal("id"), Content: r.GetOrdinal("content"), Tags: r.GetOrdinal("tags")),
            (r, o) => (r.GetInt64(o.Id), r.GetString(o.Content), TagList.Parse(r.GetString(o.Tags))), ct, ("$model", modelKey)), cancellationToken);

    /// <summary>Stores a memory's new vector within a write (the caller records the change).</summary>
    public static Task SetEmbeddingAsync(SqliteTransaction transaction, long id, float[] vector, string modelKey, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(transaction, "UPDATE memory SET embedding = $e, embedding_model = $m WHERE id = $id", cancellationToken,
            ("$e", VectorBlob.Encode(vector)), ("$m", modelKey), ("$id", id));

    /// <summary>Memories waiting for the background linker.</summary>
    public Task<long> CountPendingLinksAsync(CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT count(*) FROM memory_link_pending", ct), cancellationToken);

    /// <summary>The oldest queued memories with their tags and vector (null when missing or from another model).</summary>
    public Task<List<(long Id, IReadOnlyList<string> Tags, float[]? Vector)>> PendingLinksAsync(string modelKey, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QueryAsync(null, """
            SELECT p.memory_id AS id, m.tags AS tags, CASE WHEN m.embedding_model = $model THEN m.embedding END AS embedding
            FROM memory_link_pending p JOIN memory m ON m.id = p.memory_id
            ORDER BY p.memory_id LIMIT $n
            """,
            r => (Id: r.GetOrdinal("id"), Tags: r.GetOrdinal("tags"), Embedding: r.GetOrdinal("embedding")),
            (r, o) => (r.GetInt64(o.Id), TagList.Parse(r.GetString(o.Tags)), r.IsDBNull(o.Embedding) ? null : VectorBlob.Decode((byte[])r.GetValue(o.Embedding))),
            ct, ("$model", modelKey), ("$n", limit)), cancellationToken);

    /// <summary>The ids among <paramref name="ids"/> that still exist, within a write.</summary>
    public static async Task<HashSet<long>> ExistingAsync(SqliteTransaction transaction, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await transaction.Connection!.QueryAsync(transaction, "SELECT id FROM memory WHERE id IN (SELECT value FROM json_each($ids))",
            r => r.GetOrdinal("id"), (r, o) => r.GetInt64(o), cancellationToken, ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false)).ToHashSet();

    /// <summary>Logs memories as changed (replayed into the vector index after a crash), within a write.</summary>
    public static async Task LogChangesAsync(SqliteTransaction transaction, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            await transaction.Connection!.ExecuteAsync(transaction, "INSERT INTO memory_change (memory_id, op) VALUES ($id, 1)", cancellationToken, ("$id", id)).ConfigureAwait(false);
        }
    }

    /// <summary>Takes memories off the linker's queue, within a write.</summary>
    public static Task DequeueLinksAsync(SqliteTransaction transaction, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(transaction, "DELETE FROM memory_link_pending WHERE memory_id IN (SELECT value FROM json_each($ids))", cancellationToken,
            ("$ids", JsonSerializer.Serialize(ids)));

    /// <summary>
    /// Drops the cheap relations touching a memory whose text changed (associative "similar content" and thematic
    /// "shared tag" links, in either direction; relations made by people or the secretary stay) and queues it for the
    /// background linker. Returns the dropped relations so the graph can follow.
    /// </summary>
    public static async Task<List<(long Source, long Target, double Strength)>> RequeueLinksAsync(SqliteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var c = transaction.Connection!;
        var dropped = await c.QueryAsync(transaction, """
            DELETE FROM memory_relation
            WHERE (source_id = $id OR target_id = $id)
              AND ((relation_type = 'associative' AND description = 'similar content') OR (relation_type = 'thematic' AND description = 'shared tag'))
            RETURNING source_id, target_id, strength
            """, r => (r.GetInt64(0), r.GetInt64(1), r.GetDouble(2)), cancellationToken, ("$id", id)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "INSERT OR IGNORE INTO memory_link_pending (memory_id) VALUES ($id)", cancellationToken, ("$id", id)).ConfigureAwait(false);
        return dropped;
    }
}
