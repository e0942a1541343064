using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The SQL that keeps the vector indexes and the graph in step with the database: the change log and its counter,
/// stored vectors (by batch, by id, stale ones), the tag table's high-water mark, and the graph's source rows.
/// </summary>
internal sealed class IndexSyncStore(PeroDatabase database)
{
    // The change log's counter survives the pruning of old entries (AUTOINCREMENT keeps it in sqlite_sequence).
    private const string LastSeqSql = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'memory_change'), 0)";

    private const string MaxTagSql = "SELECT coalesce(max(id), 0) FROM tag";

    /// <summary>The latest change-log sequence number.</summary>
    public Task<long> LastChangeAsync(CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, LastSeqSql, ct), cancellationToken);

    /// <summary>The latest change-log sequence number, within a write.</summary>
    public static Task<long> LastChangeAsync(SqliteTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ScalarAsync<long>(transaction, LastSeqSql, cancellationToken);

    /// <summary>The highest tag id.</summary>
    public Task<long> MaxTagIdAsync(CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, MaxTagSql, ct), cancellationToken);

    /// <summary>The memories changed after <paramref name="checkpoint"/>, each once.</summary>
    public Task<List<long>> ChangedSinceAsync(long checkpoint, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT memory_id, max(seq) FROM memory_change WHERE seq > $cp GROUP BY memory_id",
            r => r.GetOrdinal("memory_id"), (r, id) => r.GetInt64(id), ct, ("$cp", checkpoint)), cancellationToken);

    /// <summary>Forgets the change-log entries up to <paramref name="seq"/> (the saved index contains them).</summary>
    public Task PruneChangesAsync(long seq, CancellationToken cancellationToken) =>
        database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_change WHERE seq <= $seq", ct, ("$seq", seq)), cancellationToken);

    /// <summary>Every memory vector of <paramref name="modelKey"/>, in id order, one batch at a time.</summary>
    public Task<long> ForEachMemoryVectorAsync(string modelKey, Action<List<VectorEntry>> apply, CancellationToken cancellationToken) =>
        ForEachVectorAsync("SELECT id, embedding FROM memory WHERE embedding IS NOT NULL AND embedding_model = $model AND id > $after ORDER BY id LIMIT 5000",
            modelKey, apply, cancellationToken);

    /// <summary>Every tag vector of <paramref name="modelKey"/>, in id order, one batch at a time.</summary>
    public Task<long> ForEachTagVectorAsync(string modelKey, Action<List<VectorEntry>> apply, CancellationToken cancellationToken) =>
        ForEachVectorAsync("SELECT id, embedding FROM tag WHERE embedding IS NOT NULL AND embedding_model = $model AND id > $after ORDER BY id LIMIT 5000",
            modelKey, apply, cancellationToken);

    /// <summary>The stored vectors of <paramref name="ids"/> made by <paramref name="modelKey"/>.</summary>
    public Task<Dictionary<long, float[]>> VectorsAsync(IReadOnlyCollection<long> ids, string modelKey, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null,
                "SELECT id, embedding FROM memory WHERE id IN (SELECT value FROM json_each($ids)) AND embedding IS NOT NULL AND embedding_model = $model",
                VectorColumns, (r, o) => (Id: r.GetInt64(o.Id), Vector: VectorBlob.Decode((byte[])r.GetValue(o.Embedding))),
                ct, ("$ids", JsonSerializer.Serialize(ids)), ("$model", modelKey)).ConfigureAwait(false);
            return rows.ToDictionary(x => x.Id, x => x.Vector);
        }, cancellationToken);

    /// <summary>Memories with no vector or one from another model.</summary>
    public Task<long> CountStaleVectorsAsync(string modelKey, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.ScalarAsync<long>(null,
            "SELECT count(*) FROM memory WHERE embedding IS NULL OR embedding_model IS NOT $model", ct, ("$model", modelKey)), cancellationToken);

    /// <summary>The graph's nodes (every memory id) and time-axis links (id → next id).</summary>
    public Task<(List<long> Nodes, List<(long, long)> Links)> TimeAxisAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            var nodes = new List<long>();
            var links = new List<(long, long)>();
            await c.QueryAsync(null, "SELECT id, next_id FROM memory", r => (Id: r.GetOrdinal("id"), Next: r.GetOrdinal("next_id")), (r, o) =>
            {
                var id = r.GetInt64(o.Id);
                nodes.Add(id);
                if (!r.IsDBNull(o.Next))
                {
                    links.Add((id, r.GetInt64(o.Next)));
                }

                return 0;
            }, ct).ConfigureAwait(false);
            return (nodes, links);
        }, cancellationToken);

    private static (int Id, int Embedding) VectorColumns(SqliteDataReader r) => (r.GetOrdinal("id"), r.GetOrdinal("embedding"));

    private static VectorEntry ReadVector(SqliteDataReader r, (int Id, int Embedding) o) => new(r.GetInt64(o.Id), VectorBlob.Decode((byte[])r.GetValue(o.Embedding)));

    private async Task<long> ForEachVectorAsync(string sql, string modelKey, Action<List<VectorEntry>> apply, CancellationToken cancellationToken)
    {
        long after = 0, total = 0;
        while (true)
        {
            var batch = await database.ReadAsync((c, ct) => c.QueryAsync(null, sql, VectorColumns, ReadVector, ct,
                ("$model", modelKey), ("$after", after)), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return total;
            }

            apply(batch);
            total += batch.Count;
            after = batch[^1].Key;
        }
    }
}
