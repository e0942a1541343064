using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// Convenience methods over <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the memory engine:
/// purpose-aware embedding, model identity, and output validation.
/// </summary>
public static class EmbeddingGeneratorExtensions
{
    /// <summary>Embeds one search query (with the model's query prefix, if it has one).</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="query">The query text.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The query vector.</returns>
    public static async Task<float[]> EmbedQueryAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        string query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<float[]> vectors = await generator
            .EmbedAsync([query], EmbeddingPurpose.Query, cancellationToken)
            .ConfigureAwait(false);
        return vectors[0];
    }

    /// <summary>Embeds one stored document (no query prefix).</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="document">The document text.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document vector.</returns>
    public static async Task<float[]> EmbedDocumentAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        string document,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(document);
        IReadOnlyList<float[]> vectors = await generator
            .EmbedAsync([document], EmbeddingPurpose.Document, cancellationToken)
            .ConfigureAwait(false);
        return vectors[0];
    }

    /// <summary>Embeds stored documents (no query prefix), one vector per input, in input order.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="documents">The document texts.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One vector per document.</returns>
    public static Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        IEnumerable<string> documents,
        CancellationToken cancellationToken = default) =>
        generator.EmbedAsync(documents, EmbeddingPurpose.Document, cancellationToken);

    /// <summary>
    /// Embeds texts for the given purpose and checks the result: one vector per input, all of the same
    /// length, no NaN or infinity.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="texts">The texts.</param>
    /// <param name="purpose">Query or document.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One vector per text, in input order.</returns>
    /// <exception cref="InvalidOperationException">The generator returned a malformed result.</exception>
    public static async Task<IReadOnlyList<float[]>> EmbedAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        IEnumerable<string> texts,
        EmbeddingPurpose purpose,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(texts);
        string[] inputs = texts as string[] ?? [.. texts];
        if (inputs.Length == 0)
        {
            return [];
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator
            .GenerateAsync(inputs, EmbeddingOptionsExtensions.ForPurpose(purpose), cancellationToken)
            .ConfigureAwait(false);
        if (embeddings.Count != inputs.Length)
        {
            throw new InvalidOperationException(
                $"The embedding generator returned {embeddings.Count} vectors for {inputs.Length} inputs.");
        }

        var result = new float[inputs.Length][];
        int dimensions = embeddings[0].Vector.Length;
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlyMemory<float> vector = embeddings[i].Vector;
            if (vector.Length != dimensions || !VectorValidation.IsFinite(vector.Span))
            {
                throw new InvalidOperationException(
                    $"The embedding generator returned an invalid vector at position {i} " +
                    $"(length {vector.Length}, expected {dimensions}, finite: {VectorValidation.IsFinite(vector.Span)}).");
            }

            result[i] = vector.ToArray();
        }

        return result;
    }

    /// <summary>
    /// Gets the model identity a generator reports, without calling the model: first an
    /// <see cref="EmbeddingModelIdentity"/> service, then <see cref="EmbeddingGeneratorMetadata"/>
    /// (<c>DefaultModelId</c>, <c>DefaultModelDimensions</c>). The dimension is 0 when unknown.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="InvalidOperationException">The generator reports no model name.</exception>
    public static EmbeddingModelIdentity GetModelIdentity(this IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (generator.GetService(typeof(EmbeddingModelIdentity)) is EmbeddingModelIdentity identity)
        {
            return identity;
        }

        if (generator.GetService(typeof(EmbeddingGeneratorMetadata)) is EmbeddingGeneratorMetadata { DefaultModelId: { Length: > 0 } name } metadata)
        {
            return new EmbeddingModelIdentity(name, metadata.DefaultModelDimensions ?? 0);
        }

        throw new InvalidOperationException(
            $"The embedding generator {generator.GetType().Name} reports no model name; " +
            $"configure one so the store can detect model changes.");
    }

    /// <summary>
    /// Gets the model identity with a known dimension. When the generator does not report its dimension,
    /// embeds one short probe text and uses the length of the result.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="cancellationToken">Cancels the probe request.</param>
    /// <returns>The identity, with <see cref="EmbeddingModelIdentity.Dimensions"/> greater than zero.</returns>
    public static async Task<EmbeddingModelIdentity> ResolveModelIdentityAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken = default)
    {
        EmbeddingModelIdentity identity = generator.GetModelIdentity();
        if (identity.HasDimensions)
        {
            return identity;
        }

        float[] probe = await generator.EmbedDocumentAsync("dimension probe", cancellationToken).ConfigureAwait(false);
        return identity with { Dimensions = probe.Length };
    }
}
