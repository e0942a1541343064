using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>maintenance_record</c> table.</summary>
public sealed class MaintenanceRecordRepository
{
    private const string Columns = "id, timestamp, preferences_extracted, important_tagged, consolidated, cleaned_count, retired_count, " +
                                   "created_ids, deleted_data, modified_data, undone_at, kind, trigger, status, steps, finished_at";

    private readonly PeroDatabase _db;

    /// <summary>Creates the repository over a database.</summary>
    public MaintenanceRecordRepository(PeroDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Saves a record; returns it with its id.</summary>
    public Task<MaintenanceRecord> AddAsync(MaintenanceRecord record, CancellationToken cancellationToken = default)
    {
        Validate(record);
        return _db.WriteAsync((tx, ct) => AddAsync(tx, record, _db.NowMs, ct), cancellationToken);
    }

    /// <summary>Saves a record within a larger write (so the record commits with the changes it describes).</summary>
    public static async Task<MaintenanceRecord> AddAsync(SqliteTransaction transaction, MaintenanceRecord record, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Validate(record);
        var ts = record.Timestamp == default ? nowMs : record.Timestamp.ToUnixTimeMilliseconds();
        return (await transaction.Connection!.QuerySingleAsync(transaction, $"""
            INSERT INTO maintenance_record (timestamp, preferences_extracted, important_tagged, consolidated, cleaned_count,
                                            retired_count, created_ids, deleted_data, modified_data, undone_at,
                                            kind, trigger, status, steps, finished_at)
            VALUES ($ts, $pref, $imp, $cons, $clean, $retired, $created, $deleted, $modified, $undone,
                    $kind, $trigger, $status, $steps, $finished) RETURNING {Columns}
            """, Map, cancellationToken, ("$ts", ts), ("$pref", record.PreferencesExtracted), ("$imp", record.ImportantTagged),
            ("$cons", record.Consolidated), ("$clean", record.CleanedCount), ("$retired", record.RetiredCount),
            ("$created", record.CreatedIdsJson), ("$deleted", record.DeletedDataJson), ("$modified", record.ModifiedDataJson),
            ("$undone", record.UndoneAt?.ToUnixTimeMilliseconds()), ("$kind", record.Kind), ("$trigger", record.Trigger), ("$status", record.Status),
            ("$steps", record.StepsJson), ("$finished", record.FinishedAt?.ToUnixTimeMilliseconds())).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Writes the progress of a run (counts, created ids, step results, status, end time) over its row; false if the
    /// row no longer exists (a factory reset during the run).
    /// </summary>
    public Task<bool> SaveProgressAsync(MaintenanceRecord record, CancellationToken cancellationToken = default)
    {
        Validate(record);
        return _db.WriteAsync(async (tx, ct) => await tx.Connection!.ExecuteAsync(tx, """
            UPDATE maintenance_record SET preferences_extracted = $pref, important_tagged = $imp, consolidated = $cons, cleaned_count = $clean,
                retired_count = $retired, created_ids = $created, deleted_data = $deleted, modified_data = $modified,
                status = $status, steps = $steps, finished_at = $finished
            WHERE id = $id
            """, ct, ("$id", record.Id), ("$pref", record.PreferencesExtracted), ("$imp", record.ImportantTagged),
            ("$cons", record.Consolidated), ("$clean", record.CleanedCount), ("$retired", record.RetiredCount),
            ("$created", record.CreatedIdsJson), ("$deleted", record.DeletedDataJson), ("$modified", record.ModifiedDataJson),
            ("$status", record.Status), ("$steps", record.StepsJson), ("$finished", record.FinishedAt?.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <summary>
    /// Marks every run still <c>running</c> as <c>interrupted</c> (called once at start: no run survives its process).
    /// Returns how many there were.
    /// </summary>
    public Task<int> MarkInterruptedAsync(CancellationToken cancellationToken = default) =>
        _db.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx,
            "UPDATE maintenance_record SET status = 'interrupted', finished_at = $now WHERE status = 'running'", ct, ("$now", _db.NowMs)), cancellationToken);

    /// <summary>Reads one record, or null.</summary>
    public Task<MaintenanceRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT {Columns} FROM maintenance_record WHERE id = $id", Map, ct, ("$id", id)), cancellationToken);

    /// <summary>The latest records, newest first.</summary>
    public Task<List<MaintenanceRecord>> ListRecentAsync(int limit = 10, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null, $"SELECT {Columns} FROM maintenance_record ORDER BY timestamp DESC, id DESC LIMIT $limit",
            Map, ct, ("$limit", limit)), cancellationToken);

    /// <summary>Marks a record undone within a transaction; false if missing or already undone.</summary>
    public static async Task<bool> MarkUndoneAsync(SqliteTransaction transaction, long id, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return await transaction.Connection!.ExecuteAsync(transaction,
            "UPDATE maintenance_record SET undone_at = $now WHERE id = $id AND undone_at IS NULL", cancellationToken,
            ("$now", nowMs), ("$id", id)).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes a record; false if missing.</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(async (tx, ct) =>
            await tx.Connection!.ExecuteAsync(tx, "DELETE FROM maintenance_record WHERE id = $id", ct, ("$id", id)).ConfigureAwait(false) == 1,
            cancellationToken);

    private static MaintenanceRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Timestamp = SqliteExtensions.FromMs(r.GetInt64("timestamp")),
        PreferencesExtracted = r.GetInt32("preferences_extracted"),
        ImportantTagged = r.GetInt32("important_tagged"),
        Consolidated = r.GetInt32("consolidated"),
        CleanedCount = r.GetInt32("cleaned_count"),
        RetiredCount = r.GetInt32("retired_count"),
        CreatedIdsJson = r.GetString("created_ids"),
        DeletedDataJson = r.GetString("deleted_data"),
        ModifiedDataJson = r.GetString("modified_data"),
        UndoneAt = r.IsDBNull("undone_at") ? null : SqliteExtensions.FromMs(r.GetInt64("undone_at")),
        Kind = r.GetString("kind"),
        Trigger = r.GetString("trigger"),
        Status = r.GetString("status"),
        StepsJson = r.GetString("steps"),
        FinishedAt = r.IsDBNull("finished_at") ? null : SqliteExtensions.FromMs(r.GetInt64("finished_at")),
    };

    private static void Validate(MaintenanceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        JsonText.EnsureValid(record.CreatedIdsJson, "created_ids", JsonValueKind.Array);
        JsonText.EnsureValid(record.DeletedDataJson, "deleted_data", JsonValueKind.Array);
        JsonText.EnsureValid(record.ModifiedDataJson, "modified_data", JsonValueKind.Array);
        JsonText.EnsureValid(record.StepsJson, "steps", JsonValueKind.Array);
    }
}
