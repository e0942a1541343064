using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Recall;

/// <summary>
/// The one place a search query becomes a vector: texts are embedded with <see cref="EmbeddingPurpose.Query"/>, so
/// the generator adds the model's query prefix (ArcticXs: "Represent this sentence for searching relevant passages: ";
/// an OpenAI-compatible endpoint: its configured query prefix); a conversation's parts are embedded together and
/// mixed by <see cref="RecallQuery"/>'s weights, then normalised.
/// </summary>
internal sealed class QueryEmbedder(IEmbeddingGenerator<string, Embedding<float>> embedder)
{
    /// <summary>The query vector of <paramref name="query"/>.</summary>
    public async Task<float[]> EmbedAsync(RecallQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.IsConversation)
        {
            return await embedder.EmbedQueryAsync(query.Text, cancellationToken).ConfigureAwait(false);
        }

        var parts = query.Parts();
        var vectors = await embedder.EmbedAsync(parts.Select(p => p.Text), EmbeddingPurpose.Query, cancellationToken).ConfigureAwait(false);
        var total = parts.Sum(p => p.Weight);
        var mixed = new float[vectors[0].Length];
        for (var p = 0; p < parts.Count; p++)
        {
            var w = parts[p].Weight / total;
            var v = vectors[p];
            for (var d = 0; d < mixed.Length; d++)
            {
                mixed[d] += w * v[d];
            }
        }

        // The parts cancelled out (or the model returned zeros): search by the full-text query alone.
        return VectorMath.NormalizeInPlace(mixed) > 0 ? mixed : await embedder.EmbedQueryAsync(query.Text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The query vectors of several plain texts, embedded in one call (evaluations).</summary>
    public Task<IReadOnlyList<float[]>> EmbedManyAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return embedder.EmbedAsync(queries, EmbeddingPurpose.Query, cancellationToken);
    }

    /// <summary>The query vector of a short text (tag search).</summary>
    public Task<float[]> EmbedTextAsync(string text, CancellationToken cancellationToken) => embedder.EmbedQueryAsync(text, cancellationToken);
}
