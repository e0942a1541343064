using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>Applies <see cref="SchemaMigrations"/> to a database, forward only.</summary>
internal static class SchemaMigrator
{
    /// <summary>Reads the schema version of an open database; 0 for an empty one.</summary>
    public static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var exists = await connection.ScalarAsync<long>(transaction,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", cancellationToken).ConfigureAwait(false);
        if (exists == 0)
        {
            return 0;
        }

        return (int)await connection.ScalarAsync<long>(transaction,
            "SELECT coalesce(max(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the database to <see cref="SchemaMigrations.LatestVersion"/>; returns the resulting version.</summary>
    public static async Task<int> MigrateAsync(SqliteConnection connection, string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        var latest = SchemaMigrations.LatestVersion;
        var current = await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (current > latest)
        {
            throw new SchemaVersionException(path, current, latest);
        }

        foreach (var migration in SchemaMigrations.All)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                // Re-check inside the write lock: another process may have migrated meanwhile.
                var now = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (now > latest)
                {
                    throw new SchemaVersionException(path, now, latest);
                }

                if (now >= migration.Version)
                {
                    continue;
                }

                await connection.ExecuteAsync(transaction, """
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version     INTEGER PRIMARY KEY NOT NULL,
                        description TEXT    NOT NULL,
                        applied_at  INTEGER NOT NULL
                    );
                    """, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                if (migration.Code is not null)
                {
                    await migration.Code(transaction, cancellationToken).ConfigureAwait(false);
                }

                await connection.ExecuteAsync(transaction,
                    "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)",
                    cancellationToken,
                    ("$v", migration.Version), ("$d", migration.Description), ("$t", clock.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return latest;
    }
}
