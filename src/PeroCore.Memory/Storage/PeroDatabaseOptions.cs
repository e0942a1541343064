namespace PeroCore.Memory.Storage;

/// <summary>How the SQLite database is opened.</summary>
public sealed record PeroDatabaseOptions
{
    /// <summary>
    /// <c>PRAGMA synchronous</c> for the write connection. <see cref="SqliteSynchronousMode.Normal"/> (the default)
    /// never corrupts the database and survives a process crash; <see cref="SqliteSynchronousMode.Full"/> also keeps
    /// the last transactions across a power cut at the cost of one fsync per commit.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; init; } = SqliteSynchronousMode.Normal;

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Run <c>PRAGMA quick_check</c> on an existing file before anything is written to it, and refuse a damaged
    /// one with <see cref="DatabaseCorruptException"/> (default on).
    /// </summary>
    public bool QuickCheck { get; init; } = true;

    /// <summary>Clock used for the timestamps the store writes (migration times, defaults).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
