namespace PeroCore.Server.Migration;

/// <summary>Rows of one original table: how many were taken, and each one left out with its reason.</summary>
internal sealed class MigrationTableReport(string table)
{
    private const int MaxListed = 20;
    private readonly List<string> _skipped = [];

    /// <summary>The original's table name.</summary>
    public string Table { get; } = table;

    /// <summary>Rows taken.</summary>
    public int Taken { get; private set; }

    /// <summary>Rows left out.</summary>
    public int Skipped { get; private set; }

    /// <summary>Rows taken with a value changed to fit (clamped, remapped); the reasons are in <see cref="Adjustments"/>.</summary>
    public List<string> Adjustments { get; } = [];

    /// <summary>The first reasons rows were left out ("id 7: empty content").</summary>
    public IReadOnlyList<string> SkippedReasons => _skipped;

    /// <summary>Counts a row taken.</summary>
    public void Take(int count = 1) => Taken += count;

    /// <summary>Counts a row left out and keeps its reason (the first twenty).</summary>
    public void Skip(string reason)
    {
        Skipped++;
        if (_skipped.Count < MaxListed)
        {
            _skipped.Add(reason);
        }
    }

    /// <summary>Notes a value changed to fit (the first twenty are kept).</summary>
    public void Adjust(string note)
    {
        if (Adjustments.Count < MaxListed)
        {
            Adjustments.Add(note);
        }
    }
}
