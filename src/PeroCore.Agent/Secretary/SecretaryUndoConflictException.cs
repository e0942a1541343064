namespace PeroCore.Agent.Secretary;

/// <summary>A run cannot be undone because a later change touched one of its memories; nothing was reverted.</summary>
public sealed class SecretaryUndoConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretaryUndoConflictException(string message, long? conflictingRunId = null, Exception? innerException = null)
        : base(message, innerException) => ConflictingRunId = conflictingRunId;

    /// <summary>Creates the exception.</summary>
    public SecretaryUndoConflictException() : base("The run cannot be undone.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryUndoConflictException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryUndoConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The maintenance run whose later change blocks the undo, when the change belongs to one.</summary>
    public long? ConflictingRunId { get; }
}
