namespace PeroCore.Memory.Storage;

/// <summary>What one memory-secretary run changed, kept so the run can be undone.</summary>
public sealed record MaintenanceRecord
{
    /// <summary>Row id (0 before it is saved).</summary>
    public long Id { get; init; }

    /// <summary>When the run happened.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Preferences extracted.</summary>
    public int PreferencesExtracted { get; init; }

    /// <summary>Memories re-tagged as important.</summary>
    public int ImportantTagged { get; init; }

    /// <summary>Merges performed.</summary>
    public int Consolidated { get; init; }

    /// <summary>Memories removed as noise.</summary>
    public int CleanedCount { get; init; }

    /// <summary>Memories archived.</summary>
    public int RetiredCount { get; init; }

    /// <summary>JSON array of created memory ids.</summary>
    public string CreatedIdsJson { get; init; } = "[]";

    /// <summary>JSON array of the full rows that were deleted.</summary>
    public string DeletedDataJson { get; init; } = "[]";

    /// <summary>JSON array of the rows as they were before modification.</summary>
    public string ModifiedDataJson { get; init; } = "[]";

    /// <summary>When the run was undone, if it was.</summary>
    public DateTimeOffset? UndoneAt { get; init; }

    /// <summary>What ran: <c>maintenance</c> (the secretary's steps) or a reflection job (<c>daily_summary</c>, <c>relation_analysis</c>).</summary>
    public string Kind { get; init; } = "maintenance";

    /// <summary>What started it: <c>manual</c>, <c>nightly</c>, <c>idle</c>, <c>import</c>...</summary>
    public string Trigger { get; init; } = "manual";

    /// <summary><c>running</c>, <c>completed</c>, <c>failed</c> or <c>interrupted</c> (the process ended during the run).</summary>
    public string Status { get; init; } = "completed";

    /// <summary>JSON array with one result per step: name, status, what it applied, the error if it failed.</summary>
    public string StepsJson { get; init; } = "[]";

    /// <summary>When the run ended, if it did.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
