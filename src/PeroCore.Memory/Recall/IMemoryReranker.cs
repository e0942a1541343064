namespace PeroCore.Memory.Recall;

/// <summary>A second-stage reranker (for example a cross-encoder) over the final candidate pool.</summary>
public interface IMemoryReranker
{
    /// <summary>Returns the ids of <paramref name="items"/> in the new order (at most <paramref name="topK"/>).</summary>
    Task<IReadOnlyList<long>> RerankAsync(string query, IReadOnlyList<(long Id, string Content)> items, int topK, CancellationToken cancellationToken);
}
