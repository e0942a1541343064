using System.Data;
using System.Text.Json;

namespace PeroCore.Memory.Storage;

/// <summary>The SQL of recall: candidate rows, result rows with their neighbours, tag names, and reinforcement.</summary>
internal sealed class RecallStore(PeroDatabase database)
{
    private static readonly string ResultColumns = string.Join(", ",
        MemoryRepository.ColumnsWithoutEmbedding.Split(", ").Select(c => c.StartsWith("NULL", StringComparison.Ordinal) ? c : "m." + c));

    /// <summary>The candidate rows of <paramref name="ids"/> that exist (vectors only when asked for).</summary>
    public Task<Dictionary<long, CandidateRow>> CandidatesAsync(IReadOnlyCollection<long> ids, bool withVectors, bool includeArchived, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(new Dictionary<long, CandidateRow>());
        }

        var sql = $"SELECT id, timestamp, type, tags, base_importance, length(content) AS content_length, {(withVectors ? "embedding" : "NULL AS embedding")} FROM memory WHERE id IN (SELECT value FROM json_each($ids))" +
                  (includeArchived ? "" : " AND archived_at IS NULL");
        return database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, sql,
                r => (Id: r.GetOrdinal("id"), Timestamp: r.GetOrdinal("timestamp"), Type: r.GetOrdinal("type"), Tags: r.GetOrdinal("tags"),
                    BaseImportance: r.GetOrdinal("base_importance"), Length: r.GetOrdinal("content_length"), Embedding: r.GetOrdinal("embedding")),
                (r, o) => new CandidateRow(r.GetInt64(o.Id), SqliteExtensions.FromMs(r.GetInt64(o.Timestamp)), r.GetString(o.Type),
                    TagList.Parse(r.GetString(o.Tags)), r.GetDouble(o.BaseImportance), r.IsDBNull(o.Embedding) ? null : VectorBlob.Decode((byte[])r.GetValue(o.Embedding)), r.GetInt32(o.Length)),
                ct, ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Id);
        }, cancellationToken);
    }

    /// <summary>Which of <paramref name="ids"/> are archived.</summary>
    public Task<HashSet<long>> ArchivedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(new HashSet<long>());
        }

        return database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, "SELECT id FROM memory WHERE id IN (SELECT value FROM json_each($ids)) AND archived_at IS NOT NULL",
                r => r.GetOrdinal("id"), (r, o) => r.GetInt64(o), ct, ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            return rows.ToHashSet();
        }, cancellationToken);
    }

    /// <summary>The memories of <paramref name="ids"/> that exist (without vectors), with their neighbours' content when asked for.</summary>
    public Task<Dictionary<long, ResultRow>> ResultsAsync(IReadOnlyCollection<long> ids, bool withContext, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(new Dictionary<long, ResultRow>());
        }

        var sql = withContext
            ? $"SELECT {ResultColumns}, p.content AS previous, n.content AS next FROM memory m LEFT JOIN memory p ON p.id = m.prev_id LEFT JOIN memory n ON n.id = m.next_id WHERE m.id IN (SELECT value FROM json_each($ids))"
            : $"SELECT {ResultColumns}, NULL AS previous, NULL AS next FROM memory m WHERE m.id IN (SELECT value FROM json_each($ids))";
        return database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, sql,
                r => (Memory: MemoryColumns.Of(r), Previous: r.GetOrdinal("previous"), Next: r.GetOrdinal("next")),
                (r, o) => new ResultRow(MemoryColumns.Map(r, o.Memory), r.GetNullableString(o.Previous), r.GetNullableString(o.Next)),
                ct, ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Memory.Id);
        }, cancellationToken);
    }

    /// <summary>The names of the tags with these ids that exist.</summary>
    public Task<Dictionary<long, string>> TagNamesAsync(IEnumerable<long> ids, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, "SELECT id, name FROM tag WHERE id IN (SELECT value FROM json_each($ids))",
                r => (r.GetInt64("id"), r.GetString("name")), ct, ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            return rows.ToDictionary(n => n.Item1, n => n.Item2);
        }, cancellationToken);

    /// <summary>Access count +1, last access now, base importance +0.1 (up to 10) for each memory.</summary>
    public Task ReinforceAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, """
            UPDATE memory SET access_count = access_count + 1, last_accessed = $now, updated_at = $now,
                base_importance = min(10.0, round(base_importance + 0.1, 6)),
                importance = max(importance, CAST(min(10.0, round(base_importance + 0.1, 6)) AS INTEGER))
            WHERE id IN (SELECT value FROM json_each($ids))
            """, ct, ("$now", now.ToUnixTimeMilliseconds()), ("$ids", JsonSerializer.Serialize(ids))), cancellationToken);
}
