namespace PeroCore.Memory.Storage;

/// <summary>A write would break a uniqueness rule (for example a second model card with the same name).</summary>
public sealed class StoreConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreConflictException() { }

    /// <summary>Creates the exception with a message.</summary>
    public StoreConflictException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the SQLite error.</summary>
    public StoreConflictException(string message, Exception inner) : base(message, inner) { }
}
