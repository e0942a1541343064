using PeroCore.Agent.Secretary;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Secretary</c>: the memory secretary's bounds and its nightly and idle triggers.</summary>
[SettingsSection("Secretary")]
internal sealed class SecretaryOptions
{
    /// <summary><c>Secretary:ScheduleEnabled</c>: whether the nightly and idle triggers run at all (the manual endpoints always work).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary><c>Secretary:NightlyHour</c>: local hour (0-23) of the nightly run; -1 turns it off.</summary>
    [IntegerRange(-1, 23)]
    public int NightlyHour { get; set; } = 3;

    /// <summary><c>Secretary:IdleMinutes</c>: run when nothing was said for this long since the last run's conversation; 0 turns it off.</summary>
    [IntegerRange(0, 100_000)]
    public int IdleMinutes { get; set; } = 120;

    /// <summary><c>Secretary:CheckIntervalSeconds</c>: how often the triggers are checked.</summary>
    [IntegerRange(1, 3600)]
    public int CheckIntervalSeconds { get; set; } = 60;

    /// <summary><c>Secretary:BatchSize</c>: memories shown to the model in one step at most.</summary>
    [IntegerRange(2, 500)]
    public int BatchSize { get; set; } = 50;

    /// <summary><c>Secretary:MaxLlmCallsPerRun</c>: model calls one run makes at most.</summary>
    [IntegerRange(1, 500)]
    public int MaxLlmCallsPerRun { get; set; } = 12;

    /// <summary><c>Secretary:ArchiveBoundary</c>: active event memories kept before older unimportant ones are archived.</summary>
    [IntegerRange(10, 100_000_000)]
    public int ArchiveBoundary { get; set; } = 1000;

    /// <summary><c>Secretary:ArchiveKeepImportance</c>: memories at or above this importance are never archived by the boundary.</summary>
    [IntegerRange(1, 11)]
    public int ArchiveKeepImportance { get; set; } = 7;

    /// <summary><c>Secretary:RelationAnchors</c>: recent memories relation discovery starts from.</summary>
    [IntegerRange(1, 200)]
    public int RelationAnchors { get; set; } = 10;

    /// <summary><c>Secretary:RelationCandidates</c>: older candidates per recent memory.</summary>
    [IntegerRange(1, 20)]
    public int RelationCandidates { get; set; } = 3;

    /// <summary>The secretary's own options.</summary>
    public MemorySecretaryOptions ToSecretaryOptions(PeroCore.Memory.Storage.PetStateRecord petStateDefaults) => new()
    {
        BatchSize = BatchSize,
        MaxLlmCallsPerRun = MaxLlmCallsPerRun,
        ArchiveBoundary = ArchiveBoundary,
        ArchiveKeepImportance = ArchiveKeepImportance,
        RelationAnchors = RelationAnchors,
        RelationCandidates = RelationCandidates,
        PetStateDefaults = petStateDefaults,
    };
}
