namespace PeroCore.Agent.Secretary;

/// <summary>Bounds of the memory secretary's runs (the host fills them from <c>Secretary:*</c>).</summary>
public sealed record MemorySecretaryOptions
{
    /// <summary>Memories shown to the model in one step at most.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Model calls one run makes at most; steps past the budget are skipped (and say so).</summary>
    public int MaxLlmCallsPerRun { get; init; } = 12;

    /// <summary>Active event memories kept before the oldest unimportant ones are archived (the original's 1000).</summary>
    public int ArchiveBoundary { get; init; } = 1000;

    /// <summary>Memories at or above this importance are never archived by the size boundary (the original's 7).</summary>
    public int ArchiveKeepImportance { get; init; } = 7;

    /// <summary>Consolidation needs at least this many memories in its batch to call the model (the original's 5).</summary>
    public int ConsolidationMinBatch { get; init; } = 5;

    /// <summary>Relation discovery: the newest memories it looks at.</summary>
    public int RelationAnchors { get; init; } = 10;

    /// <summary>Relation discovery: older candidates per anchor.</summary>
    public int RelationCandidates { get; init; } = 3;

    /// <summary>Daily summary: only days older than this many days are summarised.</summary>
    public int DailySummaryLookbackDays { get; init; } = 3;

    /// <summary>Daily summary: memories below this importance count as trivia of a quiet day.</summary>
    public int DailySummaryMaxImportance { get; init; } = 4;

    /// <summary>Daily summary: a day needs at least this many trivial memories.</summary>
    public int DailySummaryMinGroup { get; init; } = 3;

    /// <summary>The pet state written when none exists yet (the Live2D step keeps its mood, vibe and mind).</summary>
    public PeroCore.Memory.Storage.PetStateRecord PetStateDefaults { get; init; } = new() { Mood = "开心", Vibe = "活泼", Mind = "正在想主人..." };
}
