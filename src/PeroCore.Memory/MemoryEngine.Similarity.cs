using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory;

public sealed partial class MemoryEngine
{
    /// <summary>
    /// The stored memories whose vectors are closest to a text embedded the way a stored memory is (no query prefix),
    /// best first: how a writer finds the near-duplicates of what it is about to store.
    /// </summary>
    /// <param name="content">The text that would be stored.</param>
    /// <param name="tags">Its tags (they are part of what a memory's vector is computed from).</param>
    /// <param name="limit">How many neighbours at most.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    public async Task<IReadOnlyList<(long Id, double Similarity)>> FindSimilarAsync(string content, IReadOnlyList<string>? tags, int limit,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var vector = await _context.Embedder.EmbedDocumentAsync(IndexText(content, tags ?? []), cancellationToken).ConfigureAwait(false);
        return [.. SearchVectors(vector, limit).Select(h => (h.Key, (double)h.Similarity))];
    }

    /// <summary>
    /// Reinforces memories as a recall with <c>Reinforce</c> does (access count +1, last access now, base importance
    /// +0.1 up to 10): what a writer does instead of storing a near-duplicate of them.
    /// </summary>
    public Task ReinforceAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0 ? Task.CompletedTask : new RecallStore(_context.Store.Database).ReinforceAsync(ids, _context.Options.Clock.GetUtcNow(), cancellationToken);
    }
}
