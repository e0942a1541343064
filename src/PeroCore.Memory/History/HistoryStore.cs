using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.History;

/// <summary>The SQL of <c>memory_history</c>: rows are appended inside the transaction of the change they record.</summary>
internal static class HistoryStore
{
    private const string Columns = "id, memory_id, op, actor, run_id, created_at, before_json, after_json";

    /// <summary>Appends one history row; returns its id.</summary>
    public static Task<long> AppendAsync(SqliteTransaction tx, long? memoryId, string op, ChangeOrigin origin, JsonObject? before, JsonObject? after, long nowMs,
        CancellationToken ct) =>
        tx.Connection!.ScalarAsync<long>(tx, """
            INSERT INTO memory_history (memory_id, op, actor, run_id, created_at, before_json, after_json)
            VALUES ($m, $op, $actor, $run, $now, $before, $after) RETURNING id
            """, ct,
            ("$m", memoryId), ("$op", op), ("$actor", origin.Actor), ("$run", origin.RunId), ("$now", nowMs),
            ("$before", before?.ToJsonString()), ("$after", after?.ToJsonString()));

    /// <summary>Captures the image of a memory, runs <paramref name="change"/>, captures it again and appends the row.</summary>
    public static async Task<long> RecordAsync(SqliteTransaction tx, long memoryId, string op, ChangeOrigin origin, long nowMs, Func<Task> change, CancellationToken ct,
        Action<JsonObject>? decorateAfter = null)
    {
        var before = await MemoryImages.CaptureAsync(tx, memoryId, ct).ConfigureAwait(false);
        await change().ConfigureAwait(false);
        var after = await MemoryImages.CaptureAsync(tx, memoryId, ct).ConfigureAwait(false);
        if (after is not null)
        {
            decorateAfter?.Invoke(after);
        }

        return await AppendAsync(tx, memoryId, op, origin, before, after, nowMs, ct).ConfigureAwait(false);
    }

    /// <summary>The rows of a memory (its own and the import batches it came in), newest first.</summary>
    public static Task<List<MemoryHistoryEntry>> ForMemoryAsync(SqliteConnection c, SqliteTransaction? tx, long memoryId, CancellationToken ct) =>
        c.QueryAsync(tx, $"""
            SELECT {Columns} FROM memory_history WHERE memory_id = $id
            UNION ALL
            SELECT {Columns} FROM memory_history
            WHERE memory_id IS NULL AND op = 'import'
              AND $id BETWEEN json_extract(after_json, '$.first_id') AND json_extract(after_json, '$.last_id')
              AND EXISTS (SELECT 1 FROM json_each(after_json, '$.ids') WHERE value = $id)
            ORDER BY id DESC
            """, Read, ct, ("$id", memoryId));

    /// <summary>One row, or null.</summary>
    public static Task<MemoryHistoryEntry?> GetAsync(SqliteConnection c, SqliteTransaction? tx, long historyId, CancellationToken ct) =>
        c.QuerySingleAsync(tx, $"SELECT {Columns} FROM memory_history WHERE id = $id", Read, ct, ("$id", historyId));

    /// <summary>The rows of a maintenance run, in order.</summary>
    public static Task<List<MemoryHistoryEntry>> ForRunAsync(SqliteConnection c, SqliteTransaction? tx, long runId, CancellationToken ct) =>
        c.QueryAsync(tx, $"SELECT {Columns} FROM memory_history WHERE run_id = $run ORDER BY id", Read, ct, ("$run", runId));

    /// <summary>Whether an import row lists <paramref name="memoryId"/>.</summary>
    public static bool Lists(MemoryHistoryEntry entry, long memoryId) =>
        entry.MemoryId is null && entry.After?["ids"] is JsonArray ids && ids.Any(n => n?.GetValue<long>() == memoryId);

    /// <summary>
    /// Removes every trace of a memory from history: its own rows; its id from import batches; its relations, links and
    /// log ids from the images of other memories. Returns how many rows were deleted and how many were rewritten.
    /// </summary>
    public static async Task<(int Deleted, int Rewritten)> ScrubAsync(SqliteTransaction tx, long memoryId, CancellationToken ct)
    {
        var c = tx.Connection!;
        var deleted = await c.ExecuteAsync(tx, "DELETE FROM memory_history WHERE memory_id = $id", ct, ("$id", memoryId)).ConfigureAwait(false);
        // A cheap text filter first (any value starting with the id's digits), then the exact rewrite.
        var needle = "\":" + memoryId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var candidates = await c.QueryAsync(tx, $"""
            SELECT {Columns} FROM memory_history
            WHERE instr(coalesce(before_json, ''), $n) > 0 OR instr(coalesce(after_json, ''), $n) > 0 OR (memory_id IS NULL AND instr(coalesce(after_json, ''), $m) > 0)
            """, Read, ct, ("$n", needle), ("$m", memoryId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
        var rewritten = 0;
        foreach (var entry in candidates)
        {
            var before = Scrub(entry.Before, memoryId, out var changedBefore);
            var after = Scrub(entry.After, memoryId, out var changedAfter);
            if (after?["ids"] is JsonArray ids)
            {
                var kept = ids.Where(n => n?.GetValue<long>() != memoryId).Select(n => n!.GetValue<long>()).ToList();
                if (kept.Count != ids.Count)
                {
                    changedAfter = true;
                    if (kept.Count == 0)
                    {
                        await c.ExecuteAsync(tx, "DELETE FROM memory_history WHERE id = $id", ct, ("$id", entry.Id)).ConfigureAwait(false);
                        deleted++;
                        continue;
                    }

                    after["ids"] = new JsonArray([.. kept.Select(k => (JsonNode)k)]);
                    after["first_id"] = kept.Min();
                    after["last_id"] = kept.Max();
                    after["count"] = kept.Count;
                }
            }

            if (changedBefore || changedAfter)
            {
                await c.ExecuteAsync(tx, "UPDATE memory_history SET before_json = $b, after_json = $a WHERE id = $id", ct,
                    ("$b", before?.ToJsonString()), ("$a", after?.ToJsonString()), ("$id", entry.Id)).ConfigureAwait(false);
                rewritten++;
            }
        }

        return (deleted, rewritten);
    }

    /// <summary>Deletes the rows older than <paramref name="cutoffMs"/>; returns how many.</summary>
    public static Task<int> PruneAsync(SqliteTransaction tx, long cutoffMs, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_history WHERE created_at < $cut", ct, ("$cut", cutoffMs));

    private static JsonObject? Scrub(JsonObject? image, long memoryId, out bool changed)
    {
        changed = false;
        if (image is null)
        {
            return null;
        }

        var copy = (JsonObject)image.DeepClone();
        if (copy["relations"] is JsonArray relations)
        {
            foreach (var r in relations.OfType<JsonObject>().Where(r => r["source_id"]?.GetValue<long>() == memoryId || r["target_id"]?.GetValue<long>() == memoryId).ToList())
            {
                relations.Remove(r);
                changed = true;
            }
        }

        if (copy["memory"] is JsonObject row)
        {
            changed |= NullIf(row, "prev_id", memoryId) | NullIf(row, "next_id", memoryId);
        }

        if (copy["links"] is JsonObject links)
        {
            changed |= NullIf(links, "prev_id", memoryId) | NullIf(links, "next_id", memoryId);
            if (links["pointed_by"] is JsonArray pointing)
            {
                foreach (var p in pointing.OfType<JsonObject>().Where(p => p["id"]?.GetValue<long>() == memoryId).ToList())
                {
                    pointing.Remove(p);
                    changed = true;
                }
            }
        }

        return copy;
    }

    private static bool NullIf(JsonObject o, string key, long id)
    {
        if (o[key] is JsonValue v && v.GetValue<long>() == id)
        {
            o[key] = null;
            return true;
        }

        return false;
    }

    private static MemoryHistoryEntry Read(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        MemoryId = r.IsDBNull(1) ? null : r.GetInt64(1),
        Op = r.GetString(2),
        Actor = r.GetString(3),
        RunId = r.IsDBNull(4) ? null : r.GetInt64(4),
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64(5)),
        Before = r.IsDBNull(6) ? null : JsonNode.Parse(r.GetString(6)) as JsonObject,
        After = r.IsDBNull(7) ? null : JsonNode.Parse(r.GetString(7)) as JsonObject,
    };

    /// <summary>The JSON of an import batch row.</summary>
    public static JsonObject ImportBatch(IReadOnlyList<long> ids, IEnumerable<long> createdTags) => new()
    {
        ["ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]),
        ["first_id"] = ids.Count == 0 ? null : ids.Min(),
        ["last_id"] = ids.Count == 0 ? null : ids.Max(),
        ["count"] = ids.Count,
        ["created_tags"] = new JsonArray([.. createdTags.Select(i => (JsonNode)i)]),
    };

    /// <summary>Serialises ids for <c>json_each</c>.</summary>
    public static string Ids(IEnumerable<long> ids) => JsonSerializer.Serialize(ids);
}
