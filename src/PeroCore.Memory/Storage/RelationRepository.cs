using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>memory_relation</c> table.</summary>
public sealed class RelationRepository
{
    private const string Columns = RelationColumns.Select;
    private readonly PeroDatabase _db;

    /// <summary>Creates the repository over a database.</summary>
    public RelationRepository(PeroDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>
    /// Adds a relation, or updates strength and description if the same (source, target, type) exists.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown type, strength outside 0..1, a self-relation.</exception>
    /// <exception cref="KeyNotFoundException">Either memory does not exist.</exception>
    public Task<MemoryRelationRecord> UpsertAsync(long sourceId, long targetId, string relationType, double strength, string? description = null, CancellationToken cancellationToken = default)
    {
        Validate(sourceId, targetId, relationType, strength);
        return _db.WriteAsync((tx, ct) => UpsertAsync(tx, sourceId, targetId, relationType, strength, description, _db.NowMs, ct), cancellationToken);
    }

    /// <summary>Reads one relation, or null.</summary>
    public Task<MemoryRelationRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT {Columns} FROM memory_relation WHERE id = $id", RelationColumns.Of, RelationColumns.Map, ct, ("$id", id)), cancellationToken);

    /// <summary>Relations touching a memory, in either direction.</summary>
    public Task<List<MemoryRelationRecord>> ListForMemoryAsync(long memoryId, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null,
            $"SELECT {Columns} FROM memory_relation WHERE source_id = $id UNION SELECT {Columns} FROM memory_relation WHERE target_id = $id ORDER BY id",
            RelationColumns.Of, RelationColumns.Map, ct, ("$id", memoryId)), cancellationToken);

    /// <summary>Every relation, ordered by id (for building the graph).</summary>
    public Task<List<MemoryRelationRecord>> ListAllAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null, $"SELECT {Columns} FROM memory_relation ORDER BY id", RelationColumns.Of, RelationColumns.Map, ct), cancellationToken);

    /// <summary>How many relations start at one of these memories.</summary>
    public Task<long> CountFromAsync(IReadOnlyCollection<long> sourceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceIds);
        return _db.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT count(*) FROM memory_relation WHERE source_id IN (SELECT value FROM json_each($ids))", ct,
            ("$ids", System.Text.Json.JsonSerializer.Serialize(sourceIds))), cancellationToken);
    }

    /// <summary>Removes a relation; false if it did not exist.</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(async (tx, ct) =>
            await tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_relation WHERE id = $id", ct, ("$id", id)).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>Upsert within a transaction.</summary>
    internal static async Task<MemoryRelationRecord> UpsertAsync(SqliteTransaction transaction, long sourceId, long targetId, string relationType, double strength, string? description, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Validate(sourceId, targetId, relationType, strength);
        var c = transaction.Connection!;
        var found = await c.ScalarAsync<long>(transaction, "SELECT count(*) FROM memory WHERE id IN ($s, $t)", cancellationToken,
            ("$s", sourceId), ("$t", targetId)).ConfigureAwait(false);
        if (found != 2)
        {
            throw new KeyNotFoundException($"Cannot relate memories {sourceId} and {targetId}: at least one of them does not exist.");
        }

        return (await c.QuerySingleAsync(transaction, $"""
            INSERT INTO memory_relation (source_id, target_id, relation_type, strength, description, created_at)
            VALUES ($s, $t, $type, $strength, $desc, $now)
            ON CONFLICT (source_id, target_id, relation_type) DO UPDATE SET strength = excluded.strength,
                description = coalesce(excluded.description, memory_relation.description)
            RETURNING {Columns}
            """, RelationColumns.Of, RelationColumns.Map, cancellationToken,
            ("$s", sourceId), ("$t", targetId), ("$type", relationType), ("$strength", strength), ("$desc", description), ("$now", nowMs)).ConfigureAwait(false))!;
    }

    /// <summary>The relation with this (source, target, type) within a transaction, or null.</summary>
    internal static Task<MemoryRelationRecord?> FindAsync(SqliteTransaction transaction, long sourceId, long targetId, string relationType, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleAsync(transaction,
            $"SELECT {Columns} FROM memory_relation WHERE source_id = $s AND target_id = $t AND relation_type = $type",
            RelationColumns.Of, RelationColumns.Map, cancellationToken, ("$s", sourceId), ("$t", targetId), ("$type", relationType));

    /// <summary>Deletes a relation within a transaction; returns the removed row, or null if it did not exist.</summary>
    internal static Task<MemoryRelationRecord?> DeleteReturningAsync(SqliteTransaction transaction, long id, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleAsync(transaction, $"DELETE FROM memory_relation WHERE id = $id RETURNING {Columns}",
            RelationColumns.Of, RelationColumns.Map, cancellationToken, ("$id", id));

    private static void Validate(long sourceId, long targetId, string relationType, double strength)
    {
        if (sourceId == targetId)
        {
            throw new ArgumentException($"A memory cannot be related to itself (id {sourceId}).", nameof(targetId));
        }

        if (!RelationTypes.IsValid(relationType))
        {
            throw new ArgumentException($"Unknown relation type '{relationType}'. Use one of: {string.Join(", ", RelationTypes.All)}.", nameof(relationType));
        }

        if (!double.IsFinite(strength) || strength < 0 || strength > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "Relation strength must be between 0 and 1.");
        }
    }
}
