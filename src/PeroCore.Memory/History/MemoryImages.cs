using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.History;

/// <summary>
/// Full images of a memory inside a write: capture (every column of the row, the embedding as <c>{"base64": ...}</c>,
/// every relation touching it, its time-axis neighbours, its place in the linker's queue, the conversation log rows
/// pointing at it) and restore (the row byte for byte, its full-text row, its relations, its place on the time axis,
/// the queue and log links).
/// </summary>
internal static class MemoryImages
{
    /// <summary>The image of memory <paramref name="id"/>, or null when it does not exist.</summary>
    public static async Task<JsonObject?> CaptureAsync(SqliteTransaction tx, long id, CancellationToken ct)
    {
        var c = tx.Connection!;
        var rows = await c.QueryAsync(tx, "SELECT * FROM memory WHERE id = $id", ReadRow, ct, ("$id", id)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var relations = await c.QueryAsync(tx, "SELECT * FROM memory_relation WHERE source_id = $id OR target_id = $id ORDER BY id", ReadRow, ct, ("$id", id)).ConfigureAwait(false);
        var pointing = await c.QueryAsync(tx,
            "SELECT id, 'next_id' AS col FROM memory WHERE next_id = $id UNION ALL SELECT id, 'prev_id' AS col FROM memory WHERE prev_id = $id ORDER BY 1, 2",
            r => new JsonObject { ["id"] = r.GetInt64(0), ["column"] = r.GetString(1) }, ct, ("$id", id)).ConfigureAwait(false);
        var pending = await c.ScalarAsync<long>(tx, "SELECT count(*) FROM memory_link_pending WHERE memory_id = $id", ct, ("$id", id)).ConfigureAwait(false);
        var logs = await c.QueryAsync(tx, "SELECT id FROM conversation_log WHERE memory_id = $id ORDER BY id", r => r.GetInt64(0), ct, ("$id", id)).ConfigureAwait(false);
        var row = rows[0];
        return new JsonObject
        {
            ["memory"] = row,
            ["relations"] = new JsonArray([.. relations]),
            ["links"] = new JsonObject
            {
                ["prev_id"] = row["prev_id"]?.DeepClone(),
                ["next_id"] = row["next_id"]?.DeepClone(),
                ["pointed_by"] = new JsonArray([.. pointing]),
            },
            ["link_pending"] = pending > 0,
            ["log_ids"] = new JsonArray([.. logs.Select(l => (JsonNode)l)]),
        };
    }

    /// <summary>
    /// Puts memory <paramref name="id"/> back to <paramref name="image"/> (null: removes it). Returns the vector the index
    /// must hold for it afterwards (null: none).
    /// </summary>
    /// <exception cref="HistoryConflictException">A relation of the image names a memory that no longer exists.</exception>
    public static async Task<float[]?> RestoreAsync(SqliteTransaction tx, long id, JsonObject? image, CancellationToken ct)
    {
        var c = tx.Connection!;
        var current = await MemoryRepository.GetAsync(tx, id, ct).ConfigureAwait(false);
        if (current is not null)
        {
            await MemoryRepository.UnlinkFromTimeAxisAsync(tx, current, ct).ConfigureAwait(false);
        }

        if (image?["memory"] is not JsonObject row)
        {
            if (current is not null)
            {
                await c.ExecuteAsync(tx, "DELETE FROM memory_fts WHERE rowid = $id", ct, ("$id", id)).ConfigureAwait(false);
                await c.ExecuteAsync(tx, "DELETE FROM memory WHERE id = $id", ct, ("$id", id)).ConfigureAwait(false);
                await MemoryRepository.RecordChangeAsync(tx, id, MemoryChangeKind.Deleted, ct).ConfigureAwait(false);
            }

            return null;
        }

        var columns = row.Select(kv => kv.Key).Where(k => k is not "id" and not "prev_id" and not "next_id").ToList();
        var values = columns.Select(k => ("$" + k, ToSql(row[k]))).ToList();
        if (current is not null)
        {
            var set = string.Join(", ", columns.Select(k => $"{k} = ${k}"));
            await c.ExecuteAsync(tx, $"UPDATE memory SET {set}, prev_id = NULL, next_id = NULL WHERE id = $id", ct, [.. values, ("$id", id)]).ConfigureAwait(false);
        }
        else
        {
            await c.ExecuteAsync(tx, $"INSERT INTO memory (id, {string.Join(", ", columns)}) VALUES ($id, {string.Join(", ", columns.Select(k => "$" + k))})", ct,
                [.. values, ("$id", id)]).ConfigureAwait(false);
        }

        var timestamp = row["timestamp"]!.GetValue<long>();
        await MemoryRepository.LinkIntoTimeAxisAsync(tx, id, timestamp, ct).ConfigureAwait(false);
        await c.ExecuteAsync(tx, "DELETE FROM memory_fts WHERE rowid = $id", ct, ("$id", id)).ConfigureAwait(false);
        var content = row["content"]!.GetValue<string>();
        var tags = TagList.Parse(row["tags"]?.GetValue<string>() ?? string.Empty);
        await MemoryRepository.WriteFullTextAsync(tx, id, content, tags, ct).ConfigureAwait(false);

        var relations = image["relations"] as JsonArray ?? [];
        var keep = relations.OfType<JsonObject>().Select(r => r["id"]!.GetValue<long>()).ToList();
        await c.ExecuteAsync(tx, "DELETE FROM memory_relation WHERE (source_id = $id OR target_id = $id) AND id NOT IN (SELECT value FROM json_each($keep))", ct,
            ("$id", id), ("$keep", JsonSerializer.Serialize(keep))).ConfigureAwait(false);
        foreach (var relation in relations.OfType<JsonObject>())
        {
            var source = relation["source_id"]!.GetValue<long>();
            var target = relation["target_id"]!.GetValue<long>();
            var other = source == id ? target : source;
            if (await c.ScalarAsync<long>(tx, "SELECT count(*) FROM memory WHERE id = $o", ct, ("$o", other)).ConfigureAwait(false) == 0)
            {
                throw new HistoryConflictException(string.Create(CultureInfo.InvariantCulture,
                    $"Memory {id} cannot be put back: its relation {relation["id"]} names memory {other}, which no longer exists (revert that memory's deletion first)."))
                {
                    MemoryId = id,
                };
            }

            var relColumns = relation.Select(kv => kv.Key).ToList();
            var relValues = relColumns.Select(k => ("$" + k, ToSql(relation[k]))).ToList();
            // A relation with the same ends and type but another id (made since) gives way to the one of the image.
            await c.ExecuteAsync(tx, "DELETE FROM memory_relation WHERE source_id = $source_id AND target_id = $target_id AND relation_type = $relation_type AND id <> $id", ct,
                [.. relValues]).ConfigureAwait(false);
            await c.ExecuteAsync(tx,
                $"INSERT INTO memory_relation ({string.Join(", ", relColumns)}) VALUES ({string.Join(", ", relColumns.Select(k => "$" + k))}) " +
                $"ON CONFLICT (id) DO UPDATE SET {string.Join(", ", relColumns.Where(k => k != "id").Select(k => $"{k} = excluded.{k}"))}", ct, [.. relValues]).ConfigureAwait(false);
        }

        if (image["link_pending"]?.GetValue<bool>() == true)
        {
            await c.ExecuteAsync(tx, "INSERT OR IGNORE INTO memory_link_pending (memory_id) VALUES ($id)", ct, ("$id", id)).ConfigureAwait(false);
        }
        else
        {
            await c.ExecuteAsync(tx, "DELETE FROM memory_link_pending WHERE memory_id = $id", ct, ("$id", id)).ConfigureAwait(false);
        }

        if (image["log_ids"] is JsonArray logs && logs.Count > 0)
        {
            await c.ExecuteAsync(tx, "UPDATE conversation_log SET memory_id = $id WHERE id IN (SELECT value FROM json_each($logs))", ct,
                ("$id", id), ("$logs", logs.ToJsonString())).ConfigureAwait(false);
        }

        var vector = row["embedding"] is JsonObject blob && blob["base64"] is { } b64 ? VectorBlob.Decode(Convert.FromBase64String(b64.GetValue<string>())) : null;
        await MemoryRepository.RecordChangeAsync(tx, id, vector is null ? MemoryChangeKind.Deleted : MemoryChangeKind.VectorUpserted, ct).ConfigureAwait(false);
        return vector;
    }

    /// <summary>The memory ids an image's relations name (besides its own).</summary>
    public static IEnumerable<long> RelationPartners(JsonObject? image, long id) =>
        (image?["relations"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => r["source_id"]!.GetValue<long>() == id ? r["target_id"]!.GetValue<long>() : r["source_id"]!.GetValue<long>());

    /// <summary>A copy of an image without the embedding bytes (for JSON answers), or the image itself when it has none.</summary>
    public static JsonObject? WithoutVector(JsonObject? image)
    {
        if (image?["memory"] is not JsonObject row || !row.ContainsKey("embedding"))
        {
            return image;
        }

        var copy = (JsonObject)image.DeepClone();
        var memory = (JsonObject)copy["memory"]!;
        memory["embedding"] = memory["embedding"] is null ? null : "(left out; ask with vectors=true)";
        return copy;
    }

    private static JsonObject ReadRow(SqliteDataReader r)
    {
        var row = new JsonObject();
        for (var i = 0; i < r.FieldCount; i++)
        {
            row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i) switch
            {
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                string s => JsonValue.Create(s),
                byte[] bytes => new JsonObject { ["base64"] = Convert.ToBase64String(bytes) },
                var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
            };
        }

        return row;
    }

    private static object? ToSql(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o when o["base64"] is { } b => Convert.FromBase64String(b.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? 1L : 0L,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => ParseNumber(v.ToJsonString()),
        _ => node.ToJsonString(),
    };

    private static object ParseNumber(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
