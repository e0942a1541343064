namespace PeroCore.Memory.Storage;

/// <summary>Kinds of entries in the <c>memory_change</c> log.</summary>
internal enum MemoryChangeKind
{
    /// <summary>The memory's vector was added or replaced.</summary>
    VectorUpserted = 1,

    /// <summary>The memory (or its vector) is gone.</summary>
    Deleted = 2,
}
