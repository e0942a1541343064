using System.Data;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The SQLite database of one data folder: migrated at open, WAL mode, foreign keys on, one writer at a time.
/// Reads run on pooled read-only connections and never wait for the writer; writes are queued on one
/// connection, each in its own <c>BEGIN IMMEDIATE</c> transaction, so "database is locked" cannot happen
/// between writers of this process. Disposing waits for the write in progress to finish.
/// </summary>
public sealed class PeroDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly string _checkpointConnectionString;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _checkpointer;
    private long _commits;
    private int _disposed;

    private PeroDatabase(string path, SqliteConnection writer, string readConnectionString, string checkpointConnectionString, int schemaVersion, TimeProvider clock)
    {
        FilePath = path;
        _writer = writer;
        _readConnectionString = readConnectionString;
        _checkpointConnectionString = checkpointConnectionString;
        SchemaVersion = schemaVersion;
        Clock = clock;
        _checkpointer = Task.Run(() => CheckpointLoopAsync(_stopping.Token));
    }

    /// <summary>How often committed WAL frames are copied into the database file, off the writer's thread.</summary>
    public static TimeSpan CheckpointInterval { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>The schema version after migrations ran.</summary>
    public int SchemaVersion { get; }

    /// <summary>The clock the store uses for timestamps.</summary>
    public TimeProvider Clock { get; }

    /// <summary>
    /// Gets the number of write transactions committed since the database was opened. It grows after every commit,
    /// so a value cached together with the count it was read at is known to be current while the count is unchanged.
    /// </summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>Now, in epoch milliseconds UTC, from <see cref="Clock"/>.</summary>
    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> and runs pending migrations.
    /// </summary>
    /// <exception cref="SchemaVersionException">The file was written by a newer PeroCore.</exception>
    /// <exception cref="DatabaseCorruptException">
    /// <c>PRAGMA quick_check</c> found damage, or SQLite could not read the file; nothing was written to it.
    /// </exception>
    public static async Task<PeroDatabase> OpenAsync(string path, PeroDatabaseOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new PeroDatabaseOptions();
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var timeoutSeconds = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        var writeCs = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        var readCs = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();

        if (options.QuickCheck && HasContent(fullPath))
        {
            IReadOnlyList<string> findings;
            try
            {
                findings = await QuickCheckAsync(fullPath, DatabaseCorruptException.MaxFindings, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
            {
                throw DatabaseCorruptException.From(fullPath, ex, untouched: true);
            }

            if (findings.Count > 0)
            {
                throw new DatabaseCorruptException(fullPath, findings, untouched: true);
            }
        }

        var writer = new SqliteConnection(writeCs);
        try
        {
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sync = options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
            await ExecuteAsync(writer, $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {sync};
                PRAGMA foreign_keys = ON;
                PRAGMA cache_size = -65536;
                PRAGMA temp_store = MEMORY;
                PRAGMA wal_autocheckpoint = 0; -- checkpoints run on their own connection (CheckpointLoopAsync), not inside commits
                PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds};
                """, cancellationToken).ConfigureAwait(false);
            var version = await SchemaMigrator.MigrateAsync(writer, fullPath, options.Clock, cancellationToken).ConfigureAwait(false);
            return new PeroDatabase(fullPath, writer, readCs, writeCs, version, options.Clock);
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            SqliteConnection.ClearPool(new SqliteConnection(readCs));
            throw DatabaseCorruptException.From(fullPath, ex);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            SqliteConnection.ClearPool(new SqliteConnection(readCs));
            throw;
        }
    }

    /// <summary>
    /// Runs <c>PRAGMA quick_check</c> on the file at <paramref name="path"/> over a read-only connection of its own
    /// (which never checkpoints, so nothing is written to the file) and returns the first
    /// <paramref name="maxFindings"/> problems; an empty list means the file is sound. Throws
    /// <see cref="SqliteException"/> when SQLite cannot read the file at all ("file is not a database").
    /// </summary>
    public static async Task<IReadOnlyList<string>> QuickCheckAsync(string path, int maxFindings = DatabaseCorruptException.MaxFindings, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFindings, 1);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var findings = await connection.QueryAsync(null, $"PRAGMA quick_check({maxFindings})", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            // The first finding comes as "*** in database main ***\nTree 5 page 89: ...": one line per problem.
            if (findings is ["ok"])
            {
                return [];
            }

            var lines = findings.SelectMany(f => f.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(f => !f.StartsWith("***", StringComparison.Ordinal))
                .Take(maxFindings)
                .ToList();
            return lines.Count > 0 ? lines : findings;
        }
    }

    /// <summary>
    /// The first damage SQLite reported on this database since it was opened (SQLITE_CORRUPT, SQLITE_NOTADB or
    /// SQLITE_IOERR from a read, a write or a checkpoint), or null. See <see cref="DamageDetected"/>.
    /// </summary>
    public DatabaseCorruptException? Damage => Volatile.Read(ref _damage);

    /// <summary>
    /// Raised once, when a read, a write or a checkpoint first meets damage. The statement that met it throws
    /// <see cref="DatabaseCorruptException"/> (with the SQLite error inside) to its caller.
    /// </summary>
    public event EventHandler<DatabaseCorruptException>? DamageDetected;

    private DatabaseCorruptException? _damage;

    /// <summary>Runs a read on its own read-only connection. Reads see the last committed state.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_readConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return await read(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
            {
                throw NoteDamage(ex);
            }
        }
    }

    /// <summary>
    /// Runs a write in one immediate transaction on the single writer connection; writes are serialised.
    /// The transaction commits when <paramref name="write"/> returns and rolls back if it throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            try
            {
                var transaction = _writer.BeginTransaction(IsolationLevel.Serializable, deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await write(transaction, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Increment(ref _commits);
                    return result;
                }
            }
            catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
            {
                throw NoteDamage(ex);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs a write that returns nothing. See <see cref="WriteAsync{T}"/>.</summary>
    public Task WriteAsync(Func<SqliteTransaction, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(async (tx, ct) =>
        {
            await write(tx, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Checkpoints the WAL into the main file (used at shutdown and after bulk imports).</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken = default) =>
        WithWriterAsync(c => ExecuteAsync(c, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken), cancellationToken);

    /// <summary>Waits for the write in progress, then closes every connection. Later calls throw.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _checkpointer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected.
        }

        _stopping.Dispose();
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Close the pooled readers first: the last connection to close checkpoints the WAL into the database
            // file, and a read-only connection cannot, so the writer must be last.
            SqliteConnection.ClearPool(new SqliteConnection(_readConnectionString));
            try
            {
                await ExecuteAsync(_writer, "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);", CancellationToken.None).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                // Best effort; closing must still happen (the WAL is replayed at the next open).
            }

            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
            _writeGate.Dispose();
        }
    }

    /// <summary>
    /// Copies committed WAL frames into the database file every <see cref="CheckpointInterval"/> after a commit, on
    /// a connection of its own: a passive checkpoint neither blocks nor waits for the writer or the readers, so
    /// commits (the bulk import's above all) no longer pay for it. The writer restarts the WAL once it has been
    /// copied entirely, which keeps the file from growing.
    /// </summary>
    private async Task CheckpointLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        SqliteConnection? connection = null;
        try
        {
            long checkpointed = 0;
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var commits = Interlocked.Read(ref _commits);
                if (commits == checkpointed)
                {
                    continue;
                }

                try
                {
                    if (connection is null)
                    {
                        var opening = new SqliteConnection(_checkpointConnectionString);
                        try
                        {
                            await opening.OpenAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch
                        {
                            await opening.DisposeAsync().ConfigureAwait(false);
                            throw;
                        }

                        connection = opening;
                    }

                    await ExecuteAsync(connection, "PRAGMA wal_checkpoint(PASSIVE);", cancellationToken).ConfigureAwait(false);
                    checkpointed = commits;
                }
                catch (SqliteException ex)
                {
                    // Retried at the next tick; the WAL keeps every committed frame meanwhile.
                    if (DatabaseCorruptException.IsDamage(ex))
                    {
                        NoteDamage(ex);
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records the first damage, raises <see cref="DamageDetected"/> once, and returns the exception to throw.</summary>
    private DatabaseCorruptException NoteDamage(SqliteException exception)
    {
        var damage = DatabaseCorruptException.From(FilePath, exception);
        if (Interlocked.CompareExchange(ref _damage, damage, null) is null)
        {
            DamageDetected?.Invoke(this, damage);
        }

        return damage;
    }

    private static bool HasContent(string path) =>
        (File.Exists(path) && new FileInfo(path).Length > 0) || File.Exists(path + "-wal");

    private async Task WithWriterAsync(Func<SqliteConnection, Task> action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await action(_writer).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            throw NoteDamage(ex);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
