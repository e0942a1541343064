namespace PeroCore.Memory.History;

/// <summary>
/// A revert or an undo that cannot be applied exactly (nothing was written): a later change touched a memory of the
/// run, the run was already undone, or a relation partner of the image no longer exists.
/// </summary>
public sealed class HistoryConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public HistoryConflictException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with an inner one.</summary>
    public HistoryConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HistoryConflictException()
    {
    }

    /// <summary>The memory the conflict is about, when known.</summary>
    public long? MemoryId { get; init; }

    /// <summary>The later history row that conflicts, when there is one.</summary>
    public long? ConflictingHistoryId { get; init; }

    /// <summary>Who made the conflicting change.</summary>
    public string? ConflictingActor { get; init; }

    /// <summary>The run of the conflicting change, if it belongs to one.</summary>
    public long? ConflictingRunId { get; init; }

    /// <summary>When the conflicting change was made.</summary>
    public DateTimeOffset? ConflictingAt { get; init; }
}
