using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

/// <summary>Loads ArcticXs once for the "ArcticXs" collection.</summary>
public sealed class ArcticXsFixture : IDisposable
{
    public ArcticXsFixture()
    {
        Generator = new ArcticXsEmbeddingGenerator(new ArcticXsEmbeddingOptions { MaxBatchSize = 2 });
    }

    public ArcticXsEmbeddingGenerator Generator { get; }

    public void Dispose() => Generator.Dispose();
}
