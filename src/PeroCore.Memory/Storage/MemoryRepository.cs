using System.Data;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The <c>memory</c> table: rows, the global time axis (prev/next ordered by timestamp, then id) and the change
/// log the vector index catches up from. Methods taking a transaction compose into a larger write.
/// </summary>
public sealed class MemoryRepository
{
    internal const string Columns =
        "id, content, tags, clusters, importance, base_importance, access_count, last_accessed, sentiment, timestamp, " +
        "prev_id, next_id, msg_timestamp, source, type, embedding, embedding_model, updated_at, archived_at";

    /// <summary><see cref="Columns"/> with the embedding left out (selected as NULL): for reads that do not need vectors.</summary>
    internal const string ColumnsWithoutEmbedding =
        "id, content, tags, clusters, importance, base_importance, access_count, last_accessed, sentiment, timestamp, " +
        "prev_id, next_id, msg_timestamp, source, type, NULL AS embedding, embedding_model, updated_at, archived_at";

    private readonly PeroDatabase _db;

    /// <summary>Creates the repository over a database.</summary>
    public MemoryRepository(PeroDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Inserts a memory and links it into the time axis at its timestamp.</summary>
    public Task<MemoryRecord> InsertAsync(NewMemory memory, CancellationToken cancellationToken = default)
    {
        Validate(memory);
        return _db.WriteAsync(async (tx, ct) =>
        {
            var id = await InsertAsync(tx, memory, _db.NowMs, ct).ConfigureAwait(false);
            return (await GetAsync(tx, id, ct).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    /// <summary>Reads one memory, or null.</summary>
    public Task<MemoryRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT {Columns} FROM memory WHERE id = $id", MemoryColumns.Of, MemoryColumns.Map, ct, ("$id", id)), cancellationToken);

    /// <summary>Reads the memories with the given ids that exist, in no particular order.</summary>
    public Task<List<MemoryRecord>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.FromResult(new List<MemoryRecord>());
        }

        var json = System.Text.Json.JsonSerializer.Serialize(ids);
        return _db.ReadAsync((c, ct) => c.QueryAsync(null,
            $"SELECT {Columns} FROM memory WHERE id IN (SELECT value FROM json_each($ids))", MemoryColumns.Of, MemoryColumns.Map, ct, ("$ids", json)), cancellationToken);
    }

    /// <summary>Number of memories.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT count(*) FROM memory", ct), cancellationToken);

    /// <summary>Lists memories newest first with optional filters.</summary>
    public Task<List<MemoryRecord>> ListAsync(MemoryListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "Limit must be between 1 and 1000.");
        }

        if (query.Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Offset, "Offset must not be negative.");
        }

        var where = new List<string>();
        var args = new List<(string, object?)> { ("$limit", query.Limit), ("$offset", query.Offset) };
        if (!string.IsNullOrEmpty(query.ContentContains))
        {
            where.Add("instr(lower(content), lower($q)) > 0");
            args.Add(("$q", query.ContentContains));
        }

        if (query.From is { } from)
        {
            where.Add("timestamp >= $from");
            args.Add(("$from", from.ToUnixTimeMilliseconds()));
        }

        if (query.Until is { } until)
        {
            where.Add("timestamp < $until");
            args.Add(("$until", until.ToUnixTimeMilliseconds()));
        }

        var tags = TagList.Normalize(query.Tags);
        for (var i = 0; i < tags.Count; i++)
        {
            where.Add($"(',' || lower(tags) || ',') LIKE '%,' || $tag{i} || ',%' ESCAPE '\\'");
            args.Add(($"$tag{i}", EscapeLike(tags[i].ToLowerInvariant())));
        }

        if (!string.IsNullOrWhiteSpace(query.Cluster))
        {
            // Labels are stored comma-separated, bracketed (e.g. "[情感偏好簇],[工作簇]"); compare without brackets or spaces.
            where.Add("(',' || replace(replace(replace(coalesce(clusters, ''), '[', ''), ']', ''), ' ', '') || ',') LIKE '%,' || $cluster || ',%' ESCAPE '\\'");
            args.Add(("$cluster", EscapeLike(ClusterLabel(query.Cluster))));
        }

        if (query.Types.Count > 0)
        {
            where.Add("type IN (SELECT value FROM json_each($types))");
            args.Add(("$types", System.Text.Json.JsonSerializer.Serialize(query.Types)));
        }

        if (query.ArchivedOnly)
        {
            where.Add("archived_at IS NOT NULL");
        }
        else if (!query.IncludeArchived)
        {
            where.Add("archived_at IS NULL");
        }

        if (query.Before is { } before)
        {
            // A row value comparison walks ix_memory_timestamp(timestamp, id) from the cursor: no rows are skipped.
            where.Add("(timestamp, id) < ($beforeTs, $beforeId)");
            args.Add(("$beforeTs", before.TimestampMs));
            args.Add(("$beforeId", before.Id));
        }

        var sql = $"SELECT {Columns} FROM memory {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} " +
                  "ORDER BY timestamp DESC, id DESC LIMIT $limit OFFSET $offset";
        return _db.ReadAsync((c, ct) => c.QueryAsync(null, sql, MemoryColumns.Of, MemoryColumns.Map, ct, [.. args]), cancellationToken);
    }

    /// <summary>Ids of the memories bound to a front-end message timestamp.</summary>
    public Task<List<long>> ListIdsByMessageAsync(string msgTimestamp, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null, "SELECT id FROM memory WHERE msg_timestamp = $m", r => r.GetInt64("id"), ct, ("$m", msgTimestamp)), cancellationToken);

    /// <summary>How many memories carry each tag, most used first.</summary>
    public async Task<List<(string Tag, int Count)>> CountTagsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _db.ReadAsync((c, ct) => c.QueryAsync(null, "SELECT tags FROM memory WHERE tags <> ''", r => r.GetString("tags"), ct), cancellationToken).ConfigureAwait(false);
        return [.. rows.SelectMany(TagList.Parse).GroupBy(t => t, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.First(), g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Item1, StringComparer.Ordinal)];
    }

    /// <summary>How many memories are in each cluster (labels without brackets), largest first.</summary>
    public async Task<List<(string Cluster, int Count)>> CountClustersAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _db.ReadAsync((c, ct) => c.QueryAsync(null, "SELECT clusters FROM memory WHERE clusters IS NOT NULL AND clusters <> ''", r => r.GetString("clusters"), ct), cancellationToken).ConfigureAwait(false);
        return [.. rows.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(ClusterLabel).Where(l => l.Length > 0)
            .GroupBy(l => l, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Item1, StringComparer.Ordinal)];
    }

    /// <summary>A cluster label as compared: without brackets and spaces.</summary>
    internal static string ClusterLabel(string label) => label.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();

    /// <summary>Replaces the editable fields of a memory; returns the new row or null if it does not exist.</summary>
    public Task<MemoryRecord?> UpdateAsync(long id, Func<MemoryRecord, MemoryRecord> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync(async (tx, ct) =>
        {
            var current = await GetAsync(tx, id, ct).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var updated = change(current);
            await UpdateAsync(tx, current, updated, _db.NowMs, ct).ConfigureAwait(false);
            return await GetAsync(tx, id, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Deletes a memory, repairing the time axis; relations go with it. Returns false if it did not exist.</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        _db.WriteAsync((tx, ct) => DeleteAsync(tx, id, ct), cancellationToken);

    /// <summary>Inserts within a transaction; returns the new id.</summary>
    internal static async Task<long> InsertAsync(SqliteTransaction transaction, NewMemory memory, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        using var appender = new MemoryAppender(transaction);
        return await InsertAsync(appender, transaction, memory, nowMs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts with prepared statements of a larger write, linking the memory in at its timestamp.</summary>
    internal static async Task<long> InsertAsync(MemoryAppender appender, SqliteTransaction transaction, NewMemory memory, long nowMs, CancellationToken cancellationToken)
    {
        Validate(memory);
        var ts = memory.Timestamp?.ToUnixTimeMilliseconds() ?? nowMs;
        var id = appender.Append(memory, ts, prevId: null, nowMs);
        await LinkIntoTimeAxisAsync(transaction, id, ts, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Reads one memory within a transaction.</summary>
    internal static Task<MemoryRecord?> GetAsync(SqliteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection!.QuerySingleAsync(transaction, $"SELECT {Columns} FROM memory WHERE id = $id", MemoryColumns.Of, MemoryColumns.Map, cancellationToken, ("$id", id));
    }

    /// <summary>Deletes within a transaction, repairing the time axis and logging the change.</summary>
    internal static async Task<bool> DeleteAsync(SqliteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var c = transaction.Connection!;
        var row = await GetAsync(transaction, id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        await c.ExecuteAsync(transaction, "UPDATE memory SET next_id = $next WHERE id = $prev", cancellationToken,
            ("$next", row.NextId), ("$prev", row.PrevId)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "UPDATE memory SET prev_id = $prev WHERE id = $next", cancellationToken,
            ("$next", row.NextId), ("$prev", row.PrevId)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "DELETE FROM memory WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "DELETE FROM memory_fts WHERE rowid = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
        await RecordChangeAsync(transaction, id, MemoryChangeKind.Deleted, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes the editable fields of <paramref name="updated"/> over <paramref name="current"/>.</summary>
    internal static async Task UpdateAsync(SqliteTransaction transaction, MemoryRecord current, MemoryRecord updated, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(updated);
        Validate(new NewMemory
        {
            Content = updated.Content, Importance = updated.Importance, BaseImportance = updated.BaseImportance,
            Embedding = updated.Embedding,
        });
        var c = transaction.Connection!;
        await c.ExecuteAsync(transaction, """
            UPDATE memory SET content = $content, tags = $tags, clusters = $clusters, importance = $importance,
                base_importance = $base, access_count = $access, last_accessed = $last, sentiment = $sentiment,
                msg_timestamp = $msg, source = $source, type = $type, embedding = $emb, embedding_model = $model,
                updated_at = $now
            WHERE id = $id
            """, cancellationToken,
            ("$id", current.Id), ("$content", updated.Content), ("$tags", TagList.Join(updated.Tags)), ("$clusters", updated.Clusters),
            ("$importance", updated.Importance), ("$base", updated.BaseImportance), ("$access", updated.AccessCount),
            ("$last", updated.LastAccessed.ToUnixTimeMilliseconds()), ("$sentiment", updated.Sentiment), ("$msg", updated.MsgTimestamp),
            ("$source", updated.Source), ("$type", updated.Type),
            ("$emb", updated.Embedding is null ? null : VectorBlob.Encode(updated.Embedding)), ("$model", updated.EmbeddingModel),
            ("$now", nowMs)).ConfigureAwait(false);

        if (updated.Content != current.Content || !updated.Tags.SequenceEqual(current.Tags, StringComparer.Ordinal))
        {
            await c.ExecuteAsync(transaction, "DELETE FROM memory_fts WHERE rowid = $id", cancellationToken, ("$id", current.Id)).ConfigureAwait(false);
            await WriteFullTextAsync(transaction, current.Id, updated.Content, updated.Tags, cancellationToken).ConfigureAwait(false);
        }

        if (updated.Timestamp != current.Timestamp)
        {
            var ts = updated.Timestamp.ToUnixTimeMilliseconds();
            await UnlinkFromTimeAxisAsync(transaction, current, cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(transaction, "UPDATE memory SET timestamp = $ts WHERE id = $id", cancellationToken, ("$ts", ts), ("$id", current.Id)).ConfigureAwait(false);
            await LinkIntoTimeAxisAsync(transaction, current.Id, ts, cancellationToken).ConfigureAwait(false);
        }

        var vectorChanged = !ReferenceEquals(current.Embedding, updated.Embedding) &&
                            (current.Embedding is null || updated.Embedding is null || !current.Embedding.AsSpan().SequenceEqual(updated.Embedding));
        if (vectorChanged)
        {
            await RecordChangeAsync(transaction, current.Id,
                updated.Embedding is null ? MemoryChangeKind.Deleted : MemoryChangeKind.VectorUpserted, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends an entry to the change log the vector index catches up from.</summary>
    internal static Task RecordChangeAsync(SqliteTransaction transaction, long memoryId, MemoryChangeKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection!.ExecuteAsync(transaction, "INSERT INTO memory_change (memory_id, op) VALUES ($id, $op)",
            cancellationToken, ("$id", memoryId), ("$op", (int)kind));
    }

    /// <summary>Rewrites every full-text row from the memory table (migration backfill and repair).</summary>
    internal static async Task RebuildFullTextAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var c = transaction.Connection!;
        await c.ExecuteAsync(transaction, "DELETE FROM memory_fts", cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync(transaction, "SELECT id, content, tags FROM memory ORDER BY id",
            r => (r.GetInt64("id"), r.GetString("content"), r.GetString("tags")), cancellationToken).ConfigureAwait(false);
        foreach (var (id, content, tags) in rows)
        {
            await WriteFullTextAsync(transaction, id, content, TagList.Parse(tags), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static Task WriteFullTextAsync(SqliteTransaction transaction, long id, string content, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(transaction, "INSERT INTO memory_fts (rowid, content, tags) VALUES ($id, $content, $tags)",
            cancellationToken, ("$id", id), ("$content", FtsSegmenter.ForIndex(content)), ("$tags", FtsSegmenter.ForIndexTags(TagList.Join(tags))));

    internal static async Task LinkIntoTimeAxisAsync(SqliteTransaction transaction, long id, long ts, CancellationToken cancellationToken)
    {
        var c = transaction.Connection!;
        var prev = await c.ScalarAsync<long?>(transaction,
            "SELECT id FROM memory WHERE (timestamp, id) < ($ts, $id) ORDER BY timestamp DESC, id DESC LIMIT 1",
            cancellationToken, ("$ts", ts), ("$id", id)).ConfigureAwait(false);
        var next = await c.ScalarAsync<long?>(transaction,
            "SELECT id FROM memory WHERE (timestamp, id) > ($ts, $id) ORDER BY timestamp, id LIMIT 1",
            cancellationToken, ("$ts", ts), ("$id", id)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "UPDATE memory SET prev_id = $prev, next_id = $next WHERE id = $id", cancellationToken,
            ("$prev", prev), ("$next", next), ("$id", id)).ConfigureAwait(false);
        if (prev is { } p)
        {
            await c.ExecuteAsync(transaction, "UPDATE memory SET next_id = $id WHERE id = $p", cancellationToken, ("$id", id), ("$p", p)).ConfigureAwait(false);
        }

        if (next is { } n)
        {
            await c.ExecuteAsync(transaction, "UPDATE memory SET prev_id = $id WHERE id = $n", cancellationToken, ("$id", id), ("$n", n)).ConfigureAwait(false);
        }
    }

    internal static async Task UnlinkFromTimeAxisAsync(SqliteTransaction transaction, MemoryRecord row, CancellationToken cancellationToken)
    {
        var c = transaction.Connection!;
        await c.ExecuteAsync(transaction, "UPDATE memory SET next_id = $next WHERE id = $prev", cancellationToken, ("$next", row.NextId), ("$prev", row.PrevId)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "UPDATE memory SET prev_id = $prev WHERE id = $next", cancellationToken, ("$next", row.NextId), ("$prev", row.PrevId)).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "UPDATE memory SET prev_id = NULL, next_id = NULL WHERE id = $id", cancellationToken, ("$id", row.Id)).ConfigureAwait(false);
    }

    private static void Validate(NewMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (string.IsNullOrWhiteSpace(memory.Content))
        {
            throw new ArgumentException("A memory's content must not be empty.", nameof(memory));
        }

        if (memory.Importance is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(memory), memory.Importance, "Importance must be between 0 and 10.");
        }

        if (memory.BaseImportance is { } b && (!double.IsFinite(b) || b < 0 || b > 10))
        {
            throw new ArgumentOutOfRangeException(nameof(memory), b, "Base importance must be between 0 and 10.");
        }

        if (memory.Embedding is not null)
        {
            VectorBlob.EnsureFinite(memory.Embedding, nameof(memory));
        }
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
