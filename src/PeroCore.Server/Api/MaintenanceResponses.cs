using System.Text.Json;
using PeroCore.Agent.Secretary;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary><c>POST /api/maintenance/undo/{id}</c>: the original's <c>{"status": "success", "message": "Maintenance undone"}</c>.</summary>
internal sealed record MaintenanceUndoResponse(string Status, string Message);

/// <summary>One change of a run: the memory before and after (null when it did not exist).</summary>
internal sealed record MaintenanceChangeJson(long HistoryId, long MemoryId, string Op, DateTimeOffset CreatedAt, JsonElement? Before, JsonElement? After)
{
    /// <summary>Maps a change.</summary>
    public static MaintenanceChangeJson From(SecretaryRunChange c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.HistoryId, c.MemoryId, c.Op, c.CreatedAt, Parse(c.BeforeJson), Parse(c.AfterJson));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}

/// <summary>
/// <c>GET /api/maintenance/records/{id}</c>: the record with the original's keys, ours (kind, trigger, status,
/// finished_at), the step results, and the run's changes for a diff view (<c>changes</c>; null with
/// <c>changes_unavailable</c> saying why when history cannot list them).
/// </summary>
internal sealed record MaintenanceRecordDetailJson : MaintenanceRecordJson
{
    private MaintenanceRecordDetailJson(MaintenanceRecordJson record, JsonElement steps, IReadOnlyList<MaintenanceChangeJson>? changes, string? changesUnavailable)
        : base(record)
    {
        Steps = steps;
        Changes = changes;
        ChangesUnavailable = changesUnavailable;
    }

    /// <summary>The step results, as the secretary recorded them.</summary>
    public JsonElement Steps { get; }

    /// <summary>The run's changes, oldest first; null when history cannot list them.</summary>
    public IReadOnlyList<MaintenanceChangeJson>? Changes { get; }

    /// <summary>Why <see cref="Changes"/> is null.</summary>
    public string? ChangesUnavailable { get; }

    /// <summary>Maps a record and its changes.</summary>
    public static MaintenanceRecordDetailJson From(MaintenanceRecord r, IReadOnlyList<SecretaryRunChange>? changes, string? unavailable)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(MaintenanceRecordJson.From(r), JsonSerializer.Deserialize<JsonElement>(r.StepsJson), changes?.Select(MaintenanceChangeJson.From).ToList(),
            unavailable);
    }
}
