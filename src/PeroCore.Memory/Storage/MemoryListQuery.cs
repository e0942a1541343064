namespace PeroCore.Memory.Storage;

/// <summary>Filters for listing memories newest first.</summary>
public sealed record MemoryListQuery
{
    /// <summary>Rows to return (1..1000).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Case-insensitive substring of the content.</summary>
    public string? ContentContains { get; init; }

    /// <summary>Inclusive lower bound on the timestamp.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound on the timestamp.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Every listed tag must be present (exact, case-insensitive).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Only these types, if not empty.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Only memories in this cluster (a label of the <c>clusters</c> column, with or without its brackets).</summary>
    public string? Cluster { get; init; }

    /// <summary>Include archived memories (left out by default).</summary>
    public bool IncludeArchived { get; init; }

    /// <summary>Only archived memories (wins over <see cref="IncludeArchived"/>).</summary>
    public bool ArchivedOnly { get; init; }

    /// <summary>
    /// Keyset paging: only memories strictly older than this position in the newest-first order (the timestamp in epoch
    /// milliseconds and the id of the last row of the previous page). Unlike <see cref="Offset"/>, its cost does not grow
    /// with the depth of the page.
    /// </summary>
    public (long TimestampMs, long Id)? Before { get; init; }
}
