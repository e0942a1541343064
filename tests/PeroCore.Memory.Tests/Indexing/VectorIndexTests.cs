using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Indexing;

public sealed class VectorIndexTests
{
    private const int Dims = 32;

    private static VectorIndex NewIndex(VectorIndexingMode mode = VectorIndexingMode.Synchronous, VectorQuantization quantization = VectorQuantization.Float32) =>
        // One insertion thread builds the same graph every run, so an exact-result assertion cannot pass or fail by timing.
        VectorIndex.Create(new VectorIndexOptions { Dimensions = Dims, IndexingMode = mode, Quantization = quantization, IndexingThreads = 1, ExpansionSearch = 64, ScaleExpansionSearch = false });

    [Theory]
    [InlineData(VectorIndexingMode.Synchronous)]
    [InlineData(VectorIndexingMode.Background)]
    [InlineData(VectorIndexingMode.Manual)]
    public void Upserted_vectors_are_found_nearest_first_in_every_mode(VectorIndexingMode mode)
    {
        float[][] vectors = TestVectors.Random(200, Dims, seed: 1);
        using VectorIndex index = NewIndex(mode);
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        Assert.Equal(200, index.Count);
        for (int i = 0; i < vectors.Length; i += 17)
        {
            IReadOnlyList<VectorSearchHit> hits = index.Search(vectors[i], 5);
            Assert.Equal(5, hits.Count);
            Assert.Equal(i + 1, hits[0].Key);
            Assert.Equal(1f, hits[0].Similarity, 3);
            Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity), "hits are best first");
        }
    }

    [Fact]
    public void Similarity_is_one_minus_cosine_distance_and_vectors_are_normalised()
    {
        using VectorIndex index = NewIndex();
        float[] a = new float[Dims];
        a[0] = 3f; // not unit length
        float[] b = new float[Dims];
        b[0] = 1f;
        b[1] = 1f;
        index.Upsert(7, a);

        IReadOnlyList<VectorSearchHit> hits = index.Search(b, 1);

        Assert.Equal(7, hits[0].Key);
        Assert.Equal(MathF.Sqrt(0.5f), hits[0].Similarity, 3);
    }

    [Theory]
    [InlineData(VectorIndexingMode.Synchronous)]
    [InlineData(VectorIndexingMode.Manual)]
    public void Upsert_of_an_existing_key_replaces_its_vector(VectorIndexingMode mode)
    {
        float[][] vectors = TestVectors.Random(50, Dims, seed: 2);
        using VectorIndex index = NewIndex(mode);
        for (int i = 0; i < 40; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        index.FlushPending();
        index.Upsert(5, vectors[45]);
        index.Upsert(5, vectors[45]); // idempotent

        Assert.Equal(40, index.Count);
        IReadOnlyList<VectorSearchHit> byNew = index.Search(vectors[45], 40);
        Assert.Equal(5, byNew[0].Key);
        Assert.Equal(1f, byNew[0].Similarity, 3);
        Assert.Single(byNew, h => h.Key == 5);
        IReadOnlyList<VectorSearchHit> byOld = index.Search(vectors[4], 40);
        Assert.NotEqual(5, byOld[0].Key);
        Assert.DoesNotContain(byOld, h => h.Key == 5 && h.Similarity > 0.99f);

        index.FlushPending();
        Assert.Equal(40, index.GetStats().IndexedCount);
        Assert.Equal(0, index.GetStats().StaleCount);
        Assert.Equal(5, index.Search(vectors[45], 1)[0].Key);
    }

    [Theory]
    [InlineData(VectorIndexingMode.Synchronous)]
    [InlineData(VectorIndexingMode.Manual)]
    public void Removed_keys_never_come_back_and_remove_is_idempotent(VectorIndexingMode mode)
    {
        float[][] vectors = TestVectors.Random(30, Dims, seed: 3);
        using VectorIndex index = NewIndex(mode);
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        Assert.True(index.Remove(3));
        Assert.False(index.Remove(3));
        Assert.False(index.Remove(999));
        index.FlushPending();
        Assert.True(index.Remove(4));

        Assert.Equal(28, index.Count);
        Assert.False(index.Contains(3));
        Assert.False(index.Contains(4));
        Assert.True(index.Contains(5));
        foreach (float[] vector in vectors)
        {
            IReadOnlyList<VectorSearchHit> hits = index.Search(vector, 30);
            Assert.DoesNotContain(hits, h => h.Key is 3 or 4);
            Assert.Equal(28, hits.Count);
        }

        index.FlushPending();
        Assert.Equal(28, index.GetStats().IndexedCount);
    }

    [Fact]
    public void Search_widens_past_many_stale_graph_entries_and_stays_exact_for_pending_ones()
    {
        float[][] near = TestVectors.Clustered(200, Dims, clusters: 1, sigma: 0.3f, seed: 12);
        float[][] far = TestVectors.Random(120, Dims, seed: 13);
        using VectorIndex index = NewIndex(VectorIndexingMode.Manual);
        for (int i = 0; i < near.Length; i++)
        {
            index.Upsert(i + 1, near[i]);
        }

        index.FlushPending();

        // Replace 120 of the graph's vectors (their graph copies become stale) and remove 60 more.
        var live = new Dictionary<long, float[]>();
        for (int i = 0; i < near.Length; i++)
        {
            live[i + 1] = near[i];
        }

        for (int i = 0; i < 120; i++)
        {
            index.Upsert(i + 1, far[i]);
            live[i + 1] = far[i];
        }

        for (int i = 120; i < 180; i++)
        {
            index.Remove(i + 1);
            live.Remove(i + 1);
        }

        Assert.Equal(180, index.GetStats().StaleCount);
        float[] query = near[190];
        long[] expected = [.. live.OrderByDescending(p => PeroCore.Memory.Embeddings.VectorMath.Cosine(p.Value, query)).ThenBy(p => p.Key).Take(10).Select(p => p.Key)];

        IReadOnlyList<VectorSearchHit> hits = index.Search(query, 10);

        Assert.Equal(expected, hits.Select(h => h.Key));
    }

    [Theory]
    [InlineData(VectorQuantization.Float32, 1e-6)]
    [InlineData(VectorQuantization.Float16, 1e-3)]
    public void GetVectors_returns_each_current_vector_normalised_at_the_index_precision(VectorQuantization quantization, double tolerance)
    {
        float[][] vectors = TestVectors.Random(40, Dims, seed: 21);
        float[][] replacements = TestVectors.Random(5, Dims, seed: 22);
        using VectorIndex index = NewIndex(VectorIndexingMode.Manual, quantization);
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i].Select(x => x * 3).ToArray()); // stored normalised
        }

        index.FlushPending();
        for (int i = 0; i < replacements.Length; i++)
        {
            index.Upsert(i + 1, replacements[i]); // pending: the graph's copies of keys 1–5 are out of date
        }

        index.Remove(6); // removed: the graph's copy is stale
        long[] keys = [1, 2, 6, 7, 8, 30, 999, -1, 7];

        Dictionary<long, float[]> found = index.GetVectors(keys);

        Assert.Equal(new long[] { 1, 2, 7, 8, 30 }, found.Keys.Order());
        foreach ((long key, float[] vector) in found)
        {
            float[] expected = key <= 5 ? replacements[key - 1] : vectors[key - 1];
            Assert.Equal(Dims, vector.Length);
            Assert.Equal(1, PeroCore.Memory.Embeddings.VectorMath.Cosine(vector, expected), tolerance);
            Assert.Equal(1, Math.Sqrt(vector.Sum(x => (double)x * x)), 5 * tolerance);
        }

        // A pending vector comes back exactly as the graph returns it once inserted: recall scores must not depend on
        // whether the background insertion has run yet.
        index.FlushPending();
        Dictionary<long, float[]> inserted = index.GetVectors(keys);
        Assert.Equal(found[1], inserted[1]);
        Assert.Equal(found[2], inserted[2]);
        Assert.Equal(found[7], inserted[7]);

        found[7][0] += 1; // the caller owns the arrays
        Assert.Equal(inserted[7], index.GetVectors([7])[7]);
        Assert.Empty(index.GetVectors([]));
    }

    [Fact]
    public void GetVectors_answers_nothing_for_an_int8_index()
    {
        using VectorIndex index = NewIndex(VectorIndexingMode.Synchronous, VectorQuantization.Int8);
        index.Upsert(1, TestVectors.Random(1, Dims, seed: 23)[0]);

        Assert.Empty(index.GetVectors([1]));
    }

    [Fact]
    public void A_removed_key_can_be_added_again()
    {
        float[][] vectors = TestVectors.Random(3, Dims, seed: 4);
        using VectorIndex index = NewIndex();
        index.Upsert(1, vectors[0]);
        index.Remove(1);
        index.Upsert(1, vectors[1]);

        Assert.Equal(1, index.Count);
        Assert.Equal(1f, index.Search(vectors[1], 1)[0].Similarity, 3);
    }

    [Fact]
    public void Search_returns_fewer_hits_than_k_when_the_index_is_small_and_none_when_empty()
    {
        using VectorIndex index = NewIndex();
        float[] q = TestVectors.Random(1, Dims, seed: 5)[0];
        Assert.Empty(index.Search(q, 10));

        index.Upsert(1, q);
        Assert.Single(index.Search(q, 10));
    }

    [Fact]
    public void Invalid_inputs_are_rejected_and_leave_the_index_unchanged()
    {
        float[][] vectors = TestVectors.Random(10, Dims, seed: 6);
        using VectorIndex index = NewIndex();
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        IReadOnlyList<VectorSearchHit> before = index.Search(vectors[0], 10);
        float[] nan = (float[])vectors[0].Clone();
        nan[3] = float.NaN;
        float[] inf = (float[])vectors[0].Clone();
        inf[0] = float.PositiveInfinity;

        Assert.Contains("component 3", Assert.Throws<ArgumentException>("vector", () => index.Upsert(1, nan)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("vector", () => index.Upsert(11, inf));
        Assert.Contains("expected 32", Assert.Throws<ArgumentException>("vector", () => index.Upsert(11, new float[Dims + 1])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("vector", () => index.Upsert(11, new float[Dims]));
        Assert.Throws<ArgumentOutOfRangeException>("key", () => index.Upsert(0, vectors[0]));
        Assert.Throws<ArgumentOutOfRangeException>("key", () => index.Upsert(-5, vectors[0]));
        Assert.Throws<ArgumentOutOfRangeException>("key", () => index.Remove(0));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => index.Search(vectors[0], 0));
        Assert.Throws<ArgumentException>("query", () => index.Search(nan, 3));
        Assert.Throws<ArgumentException>("query", () => index.Search(new float[Dims - 1], 3));
        ArgumentException many = Assert.Throws<ArgumentException>("entries", () => index.UpsertMany(
            [new VectorEntry(20, vectors[1]), new VectorEntry(21, nan)]));
        Assert.Contains("Entry 1", many.Message, StringComparison.Ordinal);

        Assert.Equal(10, index.Count);
        Assert.False(index.Contains(20));
        Assert.Equal(before, index.Search(vectors[0], 10));
    }

    [Fact]
    public void Vectors_too_small_to_normalise_are_rejected_and_a_huge_k_is_fine()
    {
        using VectorIndex index = NewIndex();
        float[] tiny = new float[Dims];
        tiny[0] = float.Epsilon;
        Assert.Throws<ArgumentException>("vector", () => index.Upsert(1, tiny));
        Assert.Equal(0, index.Count);

        float[] v = TestVectors.Random(1, Dims, seed: 11)[0];
        index.Upsert(1, v);
        Assert.Single(index.Search(v, int.MaxValue));
    }

    [Fact]
    public void UpsertMany_adds_all_entries_and_the_last_duplicate_wins()
    {
        float[][] vectors = TestVectors.Random(6, Dims, seed: 7);
        using VectorIndex index = NewIndex(VectorIndexingMode.Manual);
        index.UpsertMany(
        [
            new VectorEntry(1, vectors[0]),
            new VectorEntry(2, vectors[1]),
            new VectorEntry(1, vectors[2]),
        ]);

        Assert.Equal(2, index.Count);
        Assert.Equal(2, index.PendingCount);
        Assert.Equal(1, index.Search(vectors[2], 1)[0].Key);
        index.FlushPending();
        Assert.Equal(0, index.PendingCount);
        Assert.Equal(1, index.Search(vectors[2], 1)[0].Key);
        Assert.Equal(1f, index.Search(vectors[2], 1)[0].Similarity, 3);
    }

    [Fact]
    public void Int8_quantization_finds_the_same_nearest_neighbours()
    {
        float[][] vectors = TestVectors.Clustered(500, Dims, clusters: 20, sigma: 0.6f, seed: 8);
        using VectorIndex index = NewIndex(VectorIndexingMode.Synchronous, VectorQuantization.Int8);
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        int selfFound = 0;
        for (int i = 0; i < vectors.Length; i += 5)
        {
            IReadOnlyList<VectorSearchHit> hits = index.Search(vectors[i], 3);
            if (hits[0].Key == i + 1)
            {
                selfFound++;
            }

            Assert.InRange(hits[0].Similarity, 0.95f, 1.01f);
        }

        Assert.True(selfFound >= 95, $"self found {selfFound}/100");
        Assert.Equal(VectorQuantization.Int8, index.Quantization);
    }

    [Fact]
    public void Stats_report_counts_and_memory()
    {
        float[][] vectors = TestVectors.Random(100, Dims, seed: 9);
        using VectorIndex index = NewIndex(VectorIndexingMode.Manual);
        for (int i = 0; i < 60; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        index.FlushPending();
        for (int i = 60; i < 100; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        VectorIndexStats stats = index.GetStats();
        Assert.Equal(100, stats.Count);
        Assert.Equal(60, stats.IndexedCount);
        Assert.Equal(40, stats.PendingCount);
        Assert.True(stats.Capacity >= 60);
        Assert.True(stats.NativeMemoryBytes > 0);
        Assert.True(stats.PendingMemoryBytes >= 40 * Dims * sizeof(float));
        Assert.Equal(stats.NativeMemoryBytes + stats.PendingMemoryBytes, stats.ApproximateMemoryBytes);
    }

    [Fact]
    public void Clear_removes_everything()
    {
        float[][] vectors = TestVectors.Random(20, Dims, seed: 10);
        using VectorIndex index = NewIndex();
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.Empty(index.Search(vectors[0], 5));
        index.Upsert(3, vectors[3]);
        Assert.Equal(3, index.Search(vectors[3], 5).Single().Key);
    }

    [Fact]
    public async Task An_in_memory_index_cannot_be_saved()
    {
        using VectorIndex index = NewIndex();
        Assert.Equal(VectorIndexLoadStatus.InMemory, index.OpenResult.Status);
        Assert.False(index.OpenResult.NeedsRebuild);
        await Assert.ThrowsAsync<InvalidOperationException>(() => index.SaveAsync(1));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorIndex.Create(new VectorIndexOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorIndex.Create(new VectorIndexOptions { Dimensions = 8, IndexingThreads = 0 }));
    }

    [Fact]
    public void Disposed_index_rejects_operations()
    {
        VectorIndex index = NewIndex();
        index.Dispose();
        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.Upsert(1, TestVectors.Random(1, Dims, 1)[0]));
    }

    [Theory]
    [InlineData(false, 1_000_000, 48)]
    [InlineData(false, 500, 48)]
    [InlineData(true, 20, 48)]
    [InlineData(true, 300, 280)]
    [InlineData(true, 1_000, 192)]
    [InlineData(true, 10_000, 96)]
    [InlineData(true, 50_000, 64)]
    [InlineData(true, 100_000, 48)]
    [InlineData(true, 300_000, 72)]
    [InlineData(true, 1_000_000, 96)]
    [InlineData(true, 10_000_000, 192)]
    public void EfSearch_doubles_for_every_tenfold_step_away_from_100k_when_scaling(bool scale, long size, int expected)
    {
        var options = new VectorIndexOptions { Dimensions = Dims, ExpansionSearch = 48, ScaleExpansionSearch = scale };
        Assert.Equal(expected, options.EffectiveExpansionSearch(size));
    }

    [Fact]
    public void A_scaled_index_still_finds_every_vector()
    {
        float[][] vectors = TestVectors.Random(300, Dims, seed: 21);
        using VectorIndex index = VectorIndex.Create(new VectorIndexOptions { Dimensions = Dims, ScaleExpansionSearch = true, IndexingMode = VectorIndexingMode.Synchronous, IndexingThreads = 1, Quantization = VectorQuantization.Float32, ExpansionSearch = 64 });
        index.UpsertMany(vectors.Select((v, i) => new VectorEntry(i + 1, v)));
        for (int i = 0; i < vectors.Length; i += 30)
        {
            Assert.Equal(i + 1, index.Search(vectors[i], 1)[0].Key);
        }
    }

    [Fact]
    public void A_backlog_is_inserted_with_the_bulk_efConstruction_and_small_rounds_with_the_usual_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorIndexOptions { Dimensions = Dims, BulkExpansionAdd = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorIndexOptions { Dimensions = Dims, BulkBacklog = 0 }.Validate());

        float[][] vectors = TestVectors.Random(2000, Dims, seed: 22);
        using VectorIndex index = VectorIndex.Create(new VectorIndexOptions
        {
            Dimensions = Dims, IndexingMode = VectorIndexingMode.Manual, IndexingThreads = 1, Quantization = VectorQuantization.Float32,
            ExpansionAdd = 128, BulkExpansionAdd = 24, BulkBacklog = 100, ExpansionSearch = 64, ScaleExpansionSearch = false,
        });
        index.UpsertMany(vectors.Take(1950).Select((v, i) => new VectorEntry(i + 1, v))); // the last round of 256 starts with 158 waiting
        index.FlushPending();
        Assert.Equal(24, index.CurrentExpansionAdd);
        index.UpsertMany(vectors.Skip(1950).Select((v, i) => new VectorEntry(1950 + i + 1, v)));
        index.FlushPending();
        Assert.Equal(128, index.CurrentExpansionAdd);
        Assert.Equal(0, index.PendingCount);
        for (int i = 0; i < vectors.Length; i += 50)
        {
            Assert.Equal(i + 1, index.Search(vectors[i], 1)[0].Key);
        }
    }
}
