namespace PeroCore.Memory.Indexing;

/// <summary>When a <see cref="VectorIndex"/> moves pending vectors into its HNSW graph.</summary>
public enum VectorIndexingMode
{
    /// <summary>A background worker inserts pending vectors in batches soon after they arrive. The default.</summary>
    Background = 0,

    /// <summary>Every upsert inserts into the graph before it returns (simple and deterministic; slower writes).</summary>
    Synchronous = 1,

    /// <summary>
    /// Vectors stay pending (found by exact search) until <see cref="VectorIndex.FlushPending"/>,
    /// <see cref="VectorIndex.WaitForIndexingAsync"/> or <see cref="VectorIndex.SaveAsync"/> inserts them,
    /// from <see cref="VectorIndexOptions.IndexingThreads"/> threads. Suits bulk imports.
    /// </summary>
    Manual = 2,
}
