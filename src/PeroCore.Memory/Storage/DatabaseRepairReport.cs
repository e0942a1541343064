namespace PeroCore.Memory.Storage;

/// <summary>How a <see cref="DatabaseRepair"/> run ended.</summary>
public enum DatabaseRepairOutcome
{
    /// <summary>The database passed <c>PRAGMA quick_check</c>; nothing was changed.</summary>
    Healthy,

    /// <summary>A new database holds what could be read; the damaged file was kept beside it.</summary>
    Repaired,

    /// <summary>Nothing could be read; every file was left as it was.</summary>
    Unrecoverable,
}

/// <summary>What was salvaged from one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="Salvaged">Rows in the new database.</param>
/// <param name="Lost">
/// Rows that could not be read, or were dropped because they were unreadable garbage or pointed at lost rows:
/// exact when the damaged file could still count the table, otherwise a lower bound (<paramref name="LostIsExact"/>).
/// </param>
/// <param name="LostIsExact">False when whole unreadable pages were skipped and the table could not be counted.</param>
public sealed record TableSalvage(string Table, long Salvaged, long Lost, bool LostIsExact);

/// <summary>The result of <see cref="DatabaseRepair.RepairAsync"/>.</summary>
public sealed record DatabaseRepairReport
{
    /// <summary>How it ended.</summary>
    public required DatabaseRepairOutcome Outcome { get; init; }

    /// <summary>The database file (full path); after a repair it holds the salvaged data.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>What <c>PRAGMA quick_check</c> (or SQLite opening the file) said about the original.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>Where the damaged original now is (set when <see cref="Outcome"/> is Repaired).</summary>
    public string? DamagedCopyPath { get; init; }

    /// <summary>"VACUUM INTO" when SQLite could copy the whole file, "row by row" when pages had to be skipped.</summary>
    public string? Method { get; init; }

    /// <summary>True when the 100-byte file header was unreadable and was rebuilt (in a scratch copy) to read the rest.</summary>
    public bool HeaderRebuilt { get; init; }

    /// <summary>Per table: rows salvaged and lost.</summary>
    public IReadOnlyList<TableSalvage> Tables { get; init; } = [];

    /// <summary>Why nothing could be salvaged (when <see cref="Outcome"/> is Unrecoverable).</summary>
    public string? Problem { get; init; }

    /// <summary>Rows in the new database, all tables.</summary>
    public long TotalSalvaged => Tables.Sum(t => t.Salvaged);

    /// <summary>Rows lost, all tables (a lower bound when some table's <see cref="TableSalvage.LostIsExact"/> is false).</summary>
    public long TotalLost => Tables.Sum(t => t.Lost);
}
