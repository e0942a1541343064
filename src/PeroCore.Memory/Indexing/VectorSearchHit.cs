namespace PeroCore.Memory.Indexing;

/// <summary>One result of <see cref="VectorIndex.Search"/>.</summary>
/// <param name="Key">The memory id.</param>
/// <param name="Similarity">Cosine similarity to the query (1 − cosine distance), higher is closer.</param>
public readonly record struct VectorSearchHit(long Key, float Similarity);
