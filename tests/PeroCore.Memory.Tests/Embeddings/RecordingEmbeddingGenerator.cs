using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

/// <summary>A fake generator that records each call and embeds with the hashing embedder.</summary>
internal sealed class RecordingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HashingEmbeddingGenerator _inner = new(16);
    private readonly Lock _gate = new();

    public List<(EmbeddingPurpose Purpose, string[] Inputs)> Calls { get; } = [];

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] inputs = [.. values];
        lock (_gate)
        {
            Calls.Add((options.GetPurpose(), inputs));
        }

        await Task.Yield();
        // Make query vectors differ from document vectors so tests can tell them apart.
        string prefix = options.GetPurpose() == EmbeddingPurpose.Query ? "query " : string.Empty;
        return await _inner.GenerateAsync(inputs.Select(i => prefix + i), null, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

    public void Dispose() => _inner.Dispose();
}
