namespace PeroCore.Memory.Storage;

/// <summary>A key and its vector, for <see cref="Indexing.VectorIndex.UpsertMany"/>.</summary>
/// <param name="Key">The memory id (positive).</param>
/// <param name="Vector">The vector.</param>
public readonly record struct VectorEntry(long Key, ReadOnlyMemory<float> Vector);
