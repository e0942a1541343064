using PeroCore.Memory.Indexing;

namespace PeroCore.Memory;

/// <summary>
/// A snapshot of the engine's background work and index sizes (the dashboard's status page).
/// </summary>
/// <param name="PendingLinks">Memories waiting for the background linker (nearest-neighbour and shared-tag relations).</param>
/// <param name="PendingReembed">Memories whose vectors came from another embedding model and wait to be re-embedded.</param>
/// <param name="UnauditedVectors">Vectors not yet checked for reachability in the HNSW graph.</param>
/// <param name="OrphanVectors">Vectors the HNSW graph cannot reach (searched exactly instead).</param>
/// <param name="MemoryIndex">The memory vector index: live, indexed and pending vectors (pending = waiting for the HNSW graph).</param>
/// <param name="TagIndex">The tag vector index.</param>
/// <param name="GraphNodes">Memories in the spreading graph.</param>
public sealed record EngineQueueStatus(
    long PendingLinks,
    long PendingReembed,
    int UnauditedVectors,
    int OrphanVectors,
    VectorIndexStats MemoryIndex,
    VectorIndexStats TagIndex,
    int GraphNodes);
