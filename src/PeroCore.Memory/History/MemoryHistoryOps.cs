namespace PeroCore.Memory.History;

/// <summary>The operations a history row records (the <c>op</c> column).</summary>
public static class MemoryHistoryOps
{
    /// <summary>A memory was written (after-image only).</summary>
    public const string Create = "create";

    /// <summary>A memory's fields changed.</summary>
    public const string Update = "update";

    /// <summary>A memory was archived.</summary>
    public const string Archive = "archive";

    /// <summary>An archived memory was brought back.</summary>
    public const string Unarchive = "unarchive";

    /// <summary>A memory was deleted (before-image only).</summary>
    public const string Delete = "delete";

    /// <summary>A relation touching the memory was added or changed.</summary>
    public const string Relate = "relate";

    /// <summary>A relation touching the memory was removed.</summary>
    public const string Unrelate = "unrelate";

    /// <summary>A memory made by merging others (written by the secretary).</summary>
    public const string Merge = "merge";

    /// <summary>A batch of imported memories (one row per batch; the ids are in the after JSON).</summary>
    public const string Import = "import";

    /// <summary>A memory was put back to an earlier image (a revert or a run's undo).</summary>
    public const string Revert = "revert";

    /// <summary>Every operation.</summary>
    public static IReadOnlyList<string> All { get; } = [Create, Update, Archive, Unarchive, Delete, Relate, Unrelate, Merge, Import, Revert];
}
