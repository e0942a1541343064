using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

public sealed class HashingEmbeddingGeneratorTests
{
    private readonly HashingEmbeddingGenerator _generator = new();

    private float Similarity(string a, string b) => VectorMath.Dot(_generator.Embed(a), _generator.Embed(b));

    [Fact]
    public async Task Vectors_have_the_configured_dimension_and_unit_length()
    {
        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync(["hello world", "", "!!!", "主人喜欢猫"]);

        Assert.Equal(4, result.Count);
        Assert.All(result, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1f, VectorMath.Norm(e.Vector.Span), 4);
            Assert.Equal(HashingEmbeddingGenerator.ModelName, e.ModelId);
        });
        Assert.Equal(64, new HashingEmbeddingGenerator(64).Embed("x").Length);
    }

    [Fact]
    public void Output_is_deterministic_across_instances()
    {
        var other = new HashingEmbeddingGenerator();
        Assert.Equal(_generator.Embed("The cat sat on the mat. 猫在垫子上"), other.Embed("The cat sat on the mat. 猫在垫子上"));
    }

    [Fact]
    public void Case_and_punctuation_do_not_matter()
    {
        Assert.Equal(1f, Similarity("Hello, World!", "hello world"), 4);
    }

    [Fact]
    public void Similar_english_texts_score_higher_than_unrelated_ones()
    {
        float related = Similarity("my cat likes to sleep on the sofa", "the cat is sleeping on the sofa again");
        float unrelated = Similarity("my cat likes to sleep on the sofa", "quarterly revenue grew by ten percent");

        Assert.True(related > unrelated + 0.2f, $"related {related}, unrelated {unrelated}");
    }

    [Fact]
    public void Similar_chinese_texts_score_higher_than_unrelated_ones()
    {
        float related = Similarity("主人喜欢猫", "主人很喜欢小猫");
        float unrelated = Similarity("主人喜欢猫", "明天下午开会讨论预算");

        Assert.True(related > unrelated + 0.2f, $"related {related}, unrelated {unrelated}");
    }

    [Fact]
    public void Identity_is_reported_through_metadata_and_service()
    {
        Assert.Equal(new EmbeddingModelIdentity(HashingEmbeddingGenerator.ModelName, 384), _generator.GetModelIdentity());
        var metadata = (EmbeddingGeneratorMetadata)_generator.GetService(typeof(EmbeddingGeneratorMetadata))!;
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }
}
