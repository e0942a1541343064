namespace PeroCore.Server.Migration;

/// <summary>What a migration from the original PeroCore took and left, per table, with the reasons.</summary>
internal sealed class MigrationReport
{
    private readonly Dictionary<string, MigrationTableReport> _tables = new(StringComparer.Ordinal);

    /// <summary>The tables in the order they were read.</summary>
    public IReadOnlyList<MigrationTableReport> Tables => [.. _tables.Values];

    /// <summary>Notes about the whole migration (the embedding model, the time axis).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The report of one table (created on first use).</summary>
    public MigrationTableReport For(string table)
    {
        if (!_tables.TryGetValue(table, out var report))
        {
            report = new MigrationTableReport(table);
            _tables[table] = report;
        }

        return report;
    }
}
