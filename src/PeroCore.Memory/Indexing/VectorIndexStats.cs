namespace PeroCore.Memory.Indexing;

/// <summary>A diagnostic snapshot of a <see cref="VectorIndex"/>.</summary>
/// <param name="Count">Live vectors (indexed plus pending, minus removed).</param>
/// <param name="IndexedCount">Vectors in the HNSW graph (may include stale copies not yet cleaned up).</param>
/// <param name="PendingCount">Vectors waiting to be inserted into the graph (found by exact search meanwhile).</param>
/// <param name="StaleCount">Graph entries removed or replaced but not yet deleted from the graph.</param>
/// <param name="Capacity">Vectors the graph can hold before it grows.</param>
/// <param name="NativeMemoryBytes">Memory used by the native index.</param>
/// <param name="PendingMemoryBytes">Approximate memory used by the pending buffer.</param>
public sealed record VectorIndexStats(
    long Count,
    long IndexedCount,
    int PendingCount,
    int StaleCount,
    long Capacity,
    long NativeMemoryBytes,
    long PendingMemoryBytes)
{
    /// <summary>Gets the approximate total memory use in bytes.</summary>
    public long ApproximateMemoryBytes => NativeMemoryBytes + PendingMemoryBytes;
}
