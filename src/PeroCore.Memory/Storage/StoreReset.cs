using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The SQL half of a factory reset, inside the caller's transaction: empties every table of
/// <see cref="DataTables.ClearedByReset"/>, keeps only <see cref="DataTables.ConfigKeptByReset"/> in <c>config</c>,
/// forgets the index bookkeeping, and records the reset in the change log (<see cref="ResetStateKey"/>), so a vector
/// index saved before it is rebuilt at the next open even if the process dies before the index files are replaced.
/// </summary>
public static class StoreReset
{
    /// <summary>The <c>engine_state</c> key holding the change-log position of the last reset or restore.</summary>
    public const string ResetStateKey = "index_reset_seq";

    /// <summary>Clears the store in <paramref name="transaction"/>; returns the change-log position of the reset.</summary>
    public static async Task<long> ClearAsync(SqliteTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var c = transaction.Connection!;
        foreach (var table in DataTables.ClearedByReset)
        {
            await c.ExecuteAsync(transaction, $"DELETE FROM {table}", cancellationToken).ConfigureAwait(false);
        }

        var kept = string.Join(", ", DataTables.ConfigKeptByReset.Select(k => $"'{k}'"));
        await c.ExecuteAsync(transaction, $"DELETE FROM config WHERE key NOT IN ({kept})", cancellationToken).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, "DELETE FROM engine_state WHERE key = 'index_orphans'", cancellationToken).ConfigureAwait(false);
        return await MarkAsync(transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records in the change log that the indexes must be rebuilt from SQLite (a reset or a restore replaced the
    /// rows wholesale); returns the position.
    /// </summary>
    public static async Task<long> MarkAsync(SqliteTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var c = transaction.Connection!;
        // Advance the change log's counter (kept in sqlite_sequence) without leaving an entry to replay.
        await c.ExecuteAsync(transaction, "INSERT INTO memory_change (memory_id, op) VALUES (0, 2); DELETE FROM memory_change WHERE seq = last_insert_rowid()",
            cancellationToken).ConfigureAwait(false);
        var seq = await IndexSyncStore.LastChangeAsync(transaction, cancellationToken).ConfigureAwait(false);
        await c.ExecuteAsync(transaction, """
            INSERT INTO engine_state (key, value, updated_at) VALUES ($k, $v, $now)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, cancellationToken, ("$k", ResetStateKey), ("$v", seq.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return seq;
    }
}
