using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// A maintenance run as the original's <c>GET /api/maintenance/records</c> shaped it: <c>created_ids</c>,
/// <c>deleted_data</c> and <c>modified_data</c> are JSON text; <c>retired_count</c>, <c>undone_at</c>, <c>kind</c>, <c>trigger</c>, <c>status</c> and <c>finished_at</c> are ours.
/// The detail of one run (<see cref="MaintenanceRecordDetailJson"/>) adds its steps and changes to these keys.
/// </summary>
internal record MaintenanceRecordJson(
    long Id,
    DateTimeOffset Timestamp,
    int PreferencesExtracted,
    int ImportantTagged,
    int Consolidated,
    int CleanedCount,
    string CreatedIds,
    string DeletedData,
    string ModifiedData,
    int RetiredCount,
    DateTimeOffset? UndoneAt,
    string Kind,
    string Trigger,
    string Status,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Maps a row.</summary>
    public static MaintenanceRecordJson From(MaintenanceRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.Timestamp, r.PreferencesExtracted, r.ImportantTagged, r.Consolidated, r.CleanedCount, r.CreatedIdsJson, r.DeletedDataJson,
            r.ModifiedDataJson, r.RetiredCount, r.UndoneAt, r.Kind, r.Trigger, r.Status, r.FinishedAt);
    }
}
