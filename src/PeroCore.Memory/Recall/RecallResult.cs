namespace PeroCore.Memory.Recall;

/// <summary>The outcome of a recall.</summary>
/// <param name="Memories">Best first.</param>
/// <param name="VectorHits">Candidates from the vector index.</param>
/// <param name="LexicalHits">Candidates from the full-text index.</param>
/// <param name="Activated">Nodes the spread reached.</param>
/// <param name="Elapsed">Time spent, excluding embedding the query.</param>
public sealed record RecallResult(IReadOnlyList<RecalledMemory> Memories, int VectorHits, int LexicalHits, int Activated, TimeSpan Elapsed)
{
    /// <summary>The query that was searched (null for a recall by a vector alone).</summary>
    public RecallQuery? Query { get; init; }

    /// <summary>Time spent embedding the query (zero when a vector was given or none was needed; near zero on a cache hit).</summary>
    public TimeSpan EmbeddingElapsed { get; init; }
}
