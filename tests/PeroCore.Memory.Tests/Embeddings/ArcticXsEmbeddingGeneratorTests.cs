using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

[Collection("ArcticXs")]
public sealed class ArcticXsEmbeddingGeneratorTests(ArcticXsFixture fixture)
{
    private readonly ArcticXsEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task Produces_384_dimensional_unit_vectors_batched_in_input_order()
    {
        string[] texts = ["The cat sits on the mat", "主人喜欢猫", "", "Stock markets fell sharply today", "A kitten rests on a rug"];

        GeneratedEmbeddings<Embedding<float>> batch = await _generator.GenerateAsync(texts); // MaxBatchSize 2: three calls

        Assert.Equal(texts.Length, batch.Count);
        Assert.All(batch, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1f, VectorMath.Norm(e.Vector.Span), 4);
            Assert.Equal(ArcticXsEmbeddingGenerator.ModelName, e.ModelId);
        });
        // The three slices run in parallel (a bulk request uses every core); each vector still lands at its text's place.
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            float[] single = await _generator.EmbedDocumentAsync(text);
            Assert.Equal(1f, VectorMath.Dot(single, batch[i].Vector.Span), 4);
        }

        Assert.True(_generator.IsLoaded);
    }

    [Fact]
    public async Task Is_deterministic_and_scores_related_text_above_unrelated_text()
    {
        float[] cat = await _generator.EmbedDocumentAsync("My cat likes to sleep on the sofa");
        float[] again = await _generator.EmbedDocumentAsync("My cat likes to sleep on the sofa");
        float[] kitten = await _generator.EmbedDocumentAsync("The kitten naps on the couch every afternoon");
        float[] stocks = await _generator.EmbedDocumentAsync("Quarterly revenue grew by ten percent");

        Assert.Equal(cat, again);
        float related = VectorMath.Dot(cat, kitten);
        float unrelated = VectorMath.Dot(cat, stocks);
        Assert.True(related > unrelated + 0.05f, $"related {related}, unrelated {unrelated}");
    }

    [Fact]
    public async Task Queries_get_the_retrieval_prefix_and_documents_do_not()
    {
        const string text = "where does the cat sleep";
        float[] asDocument = await _generator.EmbedDocumentAsync(text);
        float[] asQuery = await _generator.EmbedQueryAsync(text);
        float[] manuallyPrefixed = await _generator.EmbedDocumentAsync(ArcticXsEmbeddingOptions.DefaultQueryPrefix + text);

        Assert.True(VectorMath.Dot(asDocument, asQuery) < 0.999f, "the prefix changes the vector");
        Assert.Equal(1f, VectorMath.Dot(asQuery, manuallyPrefixed), 4);

        float[] answer = await _generator.EmbedDocumentAsync("The cat sleeps on the sofa in the living room");
        float[] offTopic = await _generator.EmbedDocumentAsync("The invoice is due at the end of the month");
        Assert.True(VectorMath.Dot(asQuery, answer) > VectorMath.Dot(asQuery, offTopic));
    }

    [Fact]
    public void Reports_its_model_identity()
    {
        Assert.Equal(new EmbeddingModelIdentity("snowflake-arctic-embed-xs", 384), _generator.GetModelIdentity());
        Assert.Equal(ArcticXsEmbeddingGenerator.Identity, _generator.GetService(typeof(EmbeddingModelIdentity)));
    }
}
