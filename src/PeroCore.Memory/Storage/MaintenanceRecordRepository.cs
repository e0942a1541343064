using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>maintenance_record</c> table.</summary>
public sealed class MaintenanceRecordRepository
{
    private const string Columns = "id, timestamp, preferences_extracted, important_tagged, consolidated, cleaned_count, retired_count, " +
                                   "created_ids, deleted_data, modified_data, undone_at";

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
                                            retired_count, created_ids, deleted_data, modified_data, undone_at)
            VALUES ($ts, $pref, $imp, $cons, $clean, $retired, $created, $deleted, $modified, $undone) RETURNING {Columns}
            """, Map, cancellationToken, ("$ts", ts), ("$pref", record.PreferencesExtracted), ("$imp", record.ImportantTagged),
            ("$cons", record.Consolidated), ("$clean", record.CleanedCount), ("$retired", record.RetiredCount),
            ("$created", record.CreatedIdsJson), ("$deleted", record.DeletedDataJson), ("$modified", record.ModifiedDataJson),
            ("$undone", record.UndoneAt?.ToUnixTimeMilliseconds())).ConfigureAwait(false))!;
    }

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
    };

    private static void Validate(MaintenanceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        JsonText.EnsureValid(record.CreatedIdsJson, "created_ids", JsonValueKind.Array);
        JsonText.EnsureValid(record.DeletedDataJson, "deleted_data", JsonValueKind.Array);
        JsonText.EnsureValid(record.ModifiedDataJson, "modified_data", JsonValueKind.Array);
    }
}
