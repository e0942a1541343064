namespace PeroCore.Memory.Storage;

/// <summary>
/// Cached statistics of <c>memory_fts</c> for query planning: how many memories each query term matches (counted up
/// to a cap) and the row count FTS5's BM25 uses. Every entry belongs to one generation of the database
/// (<see cref="PeroDatabase.CommitCount"/>): any committed write (insert, edit, delete, import, reset, revert) starts
/// a new generation and the next lookup starts from an empty cache, so a statistic is never older than the data.
/// Thread-safe.
/// </summary>
internal sealed class FtsTermStatistics
{
    // Enough for the distinct words of many queries; a full cache is simply emptied.
    private const int MaxEntries = 50_000;

    private readonly object _gate = new();
    private Generation _current = new(-1);

    /// <summary>Gets the cached count of <paramref name="term"/> in <paramref name="generation"/>, if any.</summary>
    /// <param name="generation">The commit count read before the caller's query.</param>
    /// <param name="term">The query term (as <see cref="Text.FtsQueryBuilder"/> extracts it).</param>
    /// <param name="count">The number of memories matching it, or the cap when <paramref name="capped"/>.</param>
    /// <param name="capped">True when the term matches at least <paramref name="count"/> memories (counting stopped there).</param>
    public bool TryGetCount(long generation, string term, out long count, out bool capped)
    {
        lock (_gate)
        {
            if (_current.Id == generation && _current.Counts.TryGetValue(term, out var entry))
            {
                (count, capped) = entry;
                return true;
            }
        }

        (count, capped) = (0, false);
        return false;
    }

    /// <summary>Remembers a count read in <paramref name="generation"/> (dropped if a newer generation has begun).</summary>
    public void SetCount(long generation, string term, long count, bool capped)
    {
        lock (_gate)
        {
            if (Enter(generation) is { } g)
            {
                if (g.Counts.Count >= MaxEntries)
                {
                    g.Counts.Clear();
                }

                g.Counts[term] = (count, capped);
            }
        }
    }

    /// <summary>Gets the cached FTS5 row count of <paramref name="generation"/>, if any.</summary>
    public bool TryGetRowCount(long generation, out long rows)
    {
        lock (_gate)
        {
            rows = _current.Rows;
            return _current.Id == generation && rows >= 0;
        }
    }

    /// <summary>Remembers the FTS5 row count read in <paramref name="generation"/>.</summary>
    public void SetRowCount(long generation, long rows)
    {
        lock (_gate)
        {
            if (Enter(generation) is { } g)
            {
                g.Rows = rows;
            }
        }
    }

    /// <summary>The entries of <paramref name="generation"/>, starting it when it is newer than the cached one; null when it is older.</summary>
    private Generation? Enter(long generation)
    {
        if (generation > _current.Id)
        {
            _current = new Generation(generation);
        }

        return generation == _current.Id ? _current : null;
    }

    private sealed class Generation(long id)
    {
        public long Id { get; } = id;

        public Dictionary<string, (long Count, bool Capped)> Counts { get; } = new(StringComparer.Ordinal);

        public long Rows { get; set; } = -1;
    }
}
