using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// A consistent copy of a PeroCore database through SQLite's online backup API: it reads one snapshot while the server
/// goes on writing, and the copy is a self-contained file (rollback journal, no <c>-wal</c> beside it), written under a
/// temporary name and renamed when complete. The vector index files are not copied: a start from the copy rebuilds
/// them from the vectors stored in the database.
/// </summary>
public static class StoreBackup
{
    /// <summary>Copies the database at <paramref name="databasePath"/> to <paramref name="target"/> (replaced if it exists); returns its size in bytes.</summary>
    /// <exception cref="FileNotFoundException">There is no database at <paramref name="databasePath"/>.</exception>
    public static async Task<long> CopyAsync(string databasePath, string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no database at {databasePath}.", databasePath);
        }

        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            await Task.Run(() =>
            {
                using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
                source.Open();
                using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
                copy.Open();
                source.BackupDatabase(copy);
                using var command = copy.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = DELETE";
                command.ExecuteNonQuery();
            }, cancellationToken).ConfigureAwait(false);
            using (var file = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, target, overwrite: true);
            return new FileInfo(target).Length;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
