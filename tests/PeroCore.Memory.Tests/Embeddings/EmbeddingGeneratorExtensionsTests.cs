using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

public sealed class EmbeddingGeneratorExtensionsTests
{
    [Fact]
    public async Task Query_and_document_helpers_pass_the_purpose()
    {
        using var inner = new RecordingEmbeddingGenerator();
        await inner.EmbedQueryAsync("q");
        await inner.EmbedDocumentsAsync(["d1", "d2"]);

        Assert.Equal(EmbeddingPurpose.Query, inner.Calls[0].Purpose);
        Assert.Equal(EmbeddingPurpose.Document, inner.Calls[1].Purpose);
        Assert.Equal(["d1", "d2"], inner.Calls[1].Inputs);
        Assert.Empty(await inner.EmbedDocumentsAsync([]));
    }

    [Fact]
    public void Purpose_option_round_trips_and_accepts_names()
    {
        Assert.Equal(EmbeddingPurpose.Document, ((EmbeddingGenerationOptions?)null).GetPurpose());
        Assert.Equal(EmbeddingPurpose.Query, EmbeddingOptionsExtensions.ForPurpose(EmbeddingPurpose.Query).GetPurpose());
        var options = new EmbeddingGenerationOptions { ModelId = "m" };
        EmbeddingGenerationOptions withPurpose = options.WithPurpose(EmbeddingPurpose.Query);
        Assert.Equal(EmbeddingPurpose.Query, withPurpose.GetPurpose());
        Assert.Equal("m", withPurpose.ModelId);
        Assert.Equal(EmbeddingPurpose.Document, options.GetPurpose());
        var named = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingOptionsExtensions.PurposeKey] = "query" } };
        Assert.Equal(EmbeddingPurpose.Query, named.GetPurpose());
        var bad = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingOptionsExtensions.PurposeKey] = 42 } };
        Assert.Throws<ArgumentException>(() => bad.GetPurpose());
    }

    [Fact]
    public async Task Embedding_results_are_checked()
    {
        using var broken = new FixedGenerator([[1f, float.NaN]]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => broken.EmbedQueryAsync("x"));
        using var short1 = new FixedGenerator([[1f, 0f]]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => short1.EmbedDocumentsAsync(["a", "b"]));
    }

    [Fact]
    public async Task Identity_falls_back_to_metadata_and_a_probe_finds_an_unknown_dimension()
    {
        using var generator = new FixedGenerator([[1f, 0f, 0f]], new EmbeddingGeneratorMetadata("fake", null, "fake-model", null));
        Assert.Equal(new EmbeddingModelIdentity("fake-model", 0), generator.GetModelIdentity());
        Assert.Equal(new EmbeddingModelIdentity("fake-model", 3), await generator.ResolveModelIdentityAsync());

        using var anonymous = new FixedGenerator([[1f]]);
        Assert.Throws<InvalidOperationException>(() => anonymous.GetModelIdentity());
    }

    private sealed class FixedGenerator(float[][] vectors, EmbeddingGeneratorMetadata? metadata = null) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v))));

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata : null;

        public void Dispose()
        {
        }
    }
}
