using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

public sealed class LruEmbeddingCacheTests
{
    private readonly RecordingEmbeddingGenerator _inner = new();

    [Fact]
    public async Task Only_misses_reach_the_inner_generator_in_one_batch_with_order_preserved()
    {
        using var cache = new LruEmbeddingCache(_inner, capacity: 100);
        await cache.GenerateAsync(["b", "d"]);
        _inner.Calls.Clear();

        GeneratedEmbeddings<Embedding<float>> result = await cache.GenerateAsync(["a", "b", "c", "a", "d"]);

        (EmbeddingPurpose purpose, string[] inputs) = Assert.Single(_inner.Calls);
        Assert.Equal(["a", "c"], inputs);
        Assert.Equal(EmbeddingPurpose.Document, purpose);
        var direct = new RecordingEmbeddingGenerator();
        GeneratedEmbeddings<Embedding<float>> expected = await direct.GenerateAsync(["a", "b", "c", "a", "d"]);
        Assert.Equal(expected.Select(e => e.Vector.ToArray()), result.Select(e => e.Vector.ToArray()));
        Assert.Equal(2, cache.Hits); // b and d; the repeated "a" was computed once
        Assert.Equal(4, cache.Misses);
    }

    [Fact]
    public async Task Fully_cached_requests_do_not_call_the_inner_generator()
    {
        using var cache = new LruEmbeddingCache(_inner);
        await cache.GenerateAsync(["x", "y"]);
        _inner.Calls.Clear();

        await cache.GenerateAsync(["y", "x", "y"]);

        Assert.Empty(_inner.Calls);
        Assert.Equal(2, cache.Misses);
        Assert.Equal(3, cache.Hits);
    }

    [Fact]
    public async Task Purpose_is_part_of_the_key()
    {
        using var cache = new LruEmbeddingCache(_inner);
        float[] document = await cache.EmbedDocumentAsync("cats");
        float[] query = await cache.EmbedQueryAsync("cats");

        Assert.Equal(2, _inner.Calls.Count);
        Assert.Equal(EmbeddingPurpose.Query, _inner.Calls[1].Purpose);
        Assert.NotEqual(document, query);
        Assert.Equal(query, await cache.EmbedQueryAsync("cats"));
        Assert.Equal(2, _inner.Calls.Count);
    }

    [Fact]
    public async Task The_least_recently_used_entry_is_evicted_at_capacity()
    {
        using var cache = new LruEmbeddingCache(_inner, capacity: 2);
        await cache.GenerateAsync(["a"]);
        await cache.GenerateAsync(["b"]);
        await cache.GenerateAsync(["a"]); // a is now most recent
        await cache.GenerateAsync(["c"]); // evicts b
        _inner.Calls.Clear();

        await cache.GenerateAsync(["a", "c"]);
        Assert.Empty(_inner.Calls);
        await cache.GenerateAsync(["b"]);
        Assert.Equal(["b"], Assert.Single(_inner.Calls).Inputs);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Concurrent_callers_get_correct_vectors()
    {
        using var cache = new LruEmbeddingCache(_inner, capacity: 50);
        var reference = new HashingEmbeddingGenerator(16);
        await Parallel.ForAsync(0, 400, async (i, ct) =>
        {
            string text = "t" + (i % 80);
            GeneratedEmbeddings<Embedding<float>> result = await cache.GenerateAsync([text], cancellationToken: ct);
            Assert.Equal(reference.Embed(text), result[0].Vector.ToArray());
        });

        Assert.True(cache.Count <= 50);
    }

    [Fact]
    public async Task Clear_empties_the_cache_and_identity_comes_from_the_inner_generator()
    {
        using var cache = new LruEmbeddingCache(_inner);
        await cache.GenerateAsync(["a"]);
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.Equal(new EmbeddingModelIdentity(HashingEmbeddingGenerator.ModelName, 16), cache.GetModelIdentity());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LruEmbeddingCache(_inner, 0));
    }
}
