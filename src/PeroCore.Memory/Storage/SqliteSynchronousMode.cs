namespace PeroCore.Memory.Storage;

/// <summary>Values of SQLite's <c>PRAGMA synchronous</c> that make sense in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>fsync at checkpoints only: crash-safe, may lose the last commits on power loss.</summary>
    Normal = 1,

    /// <summary>fsync the WAL on every commit.</summary>
    Full = 2,
}
