namespace PeroCore.Memory.Indexing;

/// <summary>What happened when a <see cref="VectorIndex"/> was opened.</summary>
public enum VectorIndexLoadStatus
{
    /// <summary>An in-memory index with no file (created with <see cref="VectorIndex.Create"/>).</summary>
    InMemory = 0,

    /// <summary>The file and its checkpoint were loaded.</summary>
    Loaded = 1,

    /// <summary>There is no index file. The index starts empty and must be rebuilt.</summary>
    Missing = 2,

    /// <summary>
    /// The index file is truncated, damaged or unreadable. It was renamed aside (<c>*.corrupt-&lt;timestamp&gt;</c>);
    /// the index starts empty and must be rebuilt.
    /// </summary>
    Corrupt = 3,

    /// <summary>
    /// The file is a valid index with another dimension, metric or quantization (for example after a model
    /// change). It was renamed aside like a corrupt file; the index starts empty and must be rebuilt.
    /// </summary>
    Incompatible = 4,

    /// <summary>
    /// The index file is valid but its checkpoint sidecar is missing or unreadable, so nobody can tell which changes
    /// it holds. The index starts empty and must be rebuilt; the file is left in place until the next save.
    /// </summary>
    CheckpointMissing = 5,
}
