using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Indexing;

public sealed class VectorIndexPersistenceTests : IDisposable
{
    private const int Dims = 48;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static VectorIndexOptions Options(VectorQuantization quantization = VectorQuantization.Float32, int dims = Dims) => new()
    {
        Dimensions = dims,
        Quantization = quantization,
        ExpansionSearch = 64,
        ScaleExpansionSearch = false,
        IndexingMode = VectorIndexingMode.Background,
    };

    private string IndexPath => _folder.File("memory.usearch");

    private async Task<float[][]> SaveSampleAsync(int count, long checkpoint, VectorQuantization quantization = VectorQuantization.Float32)
    {
        float[][] vectors = TestVectors.Clustered(count, Dims, clusters: 10, sigma: 0.5f, seed: 42);
        using VectorIndex index = VectorIndex.Open(IndexPath, Options(quantization));
        Assert.Equal(VectorIndexLoadStatus.Missing, index.OpenResult.Status);
        index.UpsertMany(vectors.Select((v, i) => new VectorEntry(i + 1, v)));
        await index.SaveAsync(checkpoint);
        return vectors;
    }

    [Fact]
    public async Task Save_then_reopen_gives_identical_results_and_checkpoint()
    {
        float[][] vectors = TestVectors.Clustered(300, Dims, clusters: 10, sigma: 0.5f, seed: 1);
        var expected = new List<IReadOnlyList<VectorSearchHit>>();
        using (VectorIndex index = VectorIndex.Open(IndexPath, Options()))
        {
            index.UpsertMany(vectors.Select((v, i) => new VectorEntry(i + 1, v)));
            index.Remove(7);
            await index.SaveAsync(checkpoint: 1234);
            foreach (float[] query in vectors.Take(20))
            {
                expected.Add(index.Search(query, 10));
            }
        }

        using VectorIndex reopened = VectorIndex.Open(IndexPath, Options());

        Assert.Equal(VectorIndexLoadStatus.Loaded, reopened.OpenResult.Status);
        Assert.False(reopened.OpenResult.NeedsRebuild);
        Assert.Equal(1234, reopened.OpenResult.Checkpoint);
        Assert.Equal(299, reopened.OpenResult.Count);
        Assert.Equal(299, reopened.Count);
        Assert.False(reopened.Contains(7));
        for (int q = 0; q < 20; q++)
        {
            Assert.Equal(expected[q], reopened.Search(vectors[q], 10));
        }

        Assert.Equal(["memory.usearch", "memory.usearch.checkpoint"], _folder.Files());
    }

    [Fact]
    public async Task Save_includes_pending_vectors_and_removals_made_before_the_call()
    {
        float[][] vectors = TestVectors.Random(50, Dims, seed: 2);
        var options = Options() with { IndexingMode = VectorIndexingMode.Manual };
        using (VectorIndex index = VectorIndex.Open(IndexPath, options))
        {
            index.UpsertMany(vectors.Select((v, i) => new VectorEntry(i + 1, v)));
            await index.SaveAsync(10);
            index.Remove(1);
            index.Upsert(2, vectors[49]);
            Assert.True(index.PendingCount > 0);
            await index.SaveAsync(12);
            Assert.Equal(0, index.PendingCount);
        }

        using VectorIndex reopened = VectorIndex.Open(IndexPath, Options());
        Assert.Equal(12, reopened.OpenResult.Checkpoint);
        Assert.Equal(49, reopened.Count);
        Assert.False(reopened.Contains(1));
        Assert.DoesNotContain(reopened.Search(vectors[0], 50), h => h.Key == 1);
        IReadOnlyList<VectorSearchHit> updated = reopened.Search(vectors[49], 2);
        Assert.Equal([2L, 50L], updated.Select(h => h.Key).Order());
        Assert.DoesNotContain(reopened.Search(vectors[1], 1), h => h.Key == 2);
    }

    [Fact]
    public async Task Opening_is_lazy_unless_eager_loading_is_requested()
    {
        await SaveSampleAsync(20, checkpoint: 5);
        File.WriteAllBytes(IndexPath, File.ReadAllBytes(IndexPath)[..100]);

        using (VectorIndex lazy = VectorIndex.Open(IndexPath, Options()))
        {
            Assert.True(File.Exists(IndexPath), "nothing is read before the first operation");
            Assert.Equal(0, lazy.Count);
            Assert.False(File.Exists(IndexPath));
        }

        await SaveSampleAsync(20, checkpoint: 6);
        File.WriteAllBytes(IndexPath, File.ReadAllBytes(IndexPath)[..100]);
        var eager = Options() with { LoadEagerly = true };
        using VectorIndex loaded = VectorIndex.Open(IndexPath, eager);
        Assert.False(File.Exists(IndexPath));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(-2)] // half the file
    [InlineData(-3)] // only the first 64 bytes
    public async Task Truncated_file_is_reported_corrupt_kept_aside_and_the_index_starts_empty(int cut)
    {
        float[][] vectors = await SaveSampleAsync(200, checkpoint: 77);
        byte[] bytes = File.ReadAllBytes(IndexPath);
        int keep = cut switch { -2 => bytes.Length / 2, -3 => 64, _ => bytes.Length - cut };
        File.WriteAllBytes(IndexPath, bytes[..keep]);

        using VectorIndex index = VectorIndex.Open(IndexPath, Options());
        VectorIndexOpenResult result = index.OpenResult;

        Assert.Equal(VectorIndexLoadStatus.Corrupt, result.Status);
        Assert.True(result.NeedsRebuild);
        Assert.Equal(0, result.Checkpoint);
        Assert.NotNull(result.Detail);
        Assert.NotNull(result.QuarantinedPath);
        Assert.StartsWith(IndexPath + ".corrupt-", result.QuarantinedPath, StringComparison.Ordinal);
        Assert.Equal(keep, new FileInfo(result.QuarantinedPath!).Length);
        Assert.False(File.Exists(IndexPath));
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Search(vectors[0], 5));

        // The caller rebuilds and saves; the quarantined file survives.
        index.UpsertMany(vectors.Select((v, i) => new VectorEntry(i + 1, v)));
        await index.SaveAsync(80);
        Assert.True(File.Exists(result.QuarantinedPath));
        using VectorIndex reopened = VectorIndex.Open(IndexPath, Options());
        Assert.Equal(VectorIndexLoadStatus.Loaded, reopened.OpenResult.Status);
        Assert.Equal(80, reopened.OpenResult.Checkpoint);
        Assert.Equal(200, reopened.Count);
    }

    [Fact]
    public async Task Garbage_file_is_reported_corrupt()
    {
        File.WriteAllBytes(IndexPath, Enumerable.Range(0, 5000).Select(i => (byte)(i * 31)).ToArray());
        using VectorIndex index = VectorIndex.Open(IndexPath, Options());

        Assert.Equal(VectorIndexLoadStatus.Corrupt, index.OpenResult.Status);
        Assert.True(File.Exists(index.OpenResult.QuarantinedPath));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task File_with_another_dimension_or_quantization_is_incompatible_and_kept_aside()
    {
        await SaveSampleAsync(50, checkpoint: 3);
        using (VectorIndex other = VectorIndex.Open(IndexPath, Options(dims: Dims * 2)))
        {
            Assert.Equal(VectorIndexLoadStatus.Incompatible, other.OpenResult.Status);
            Assert.True(other.OpenResult.NeedsRebuild);
            Assert.Contains("dimensions", other.OpenResult.Detail, StringComparison.Ordinal);
            Assert.True(File.Exists(other.OpenResult.QuarantinedPath));
        }

        await SaveSampleAsync(50, checkpoint: 4);
        using VectorIndex int8 = VectorIndex.Open(IndexPath, Options(VectorQuantization.Int8));
        Assert.Equal(VectorIndexLoadStatus.Incompatible, int8.OpenResult.Status);
    }

    [Fact]
    public void Missing_file_needs_a_rebuild_and_writes_nothing()
    {
        using VectorIndex index = VectorIndex.Open(IndexPath, Options());

        Assert.Equal(VectorIndexLoadStatus.Missing, index.OpenResult.Status);
        Assert.True(index.OpenResult.NeedsRebuild);
        Assert.Equal(0, index.OpenResult.Checkpoint);
        Assert.Empty(_folder.Files());
    }

    [Fact]
    public async Task Missing_checkpoint_sidecar_needs_a_rebuild_and_keeps_the_index_file()
    {
        await SaveSampleAsync(30, checkpoint: 9);
        File.Delete(IndexPath + ".checkpoint");
        long length = new FileInfo(IndexPath).Length;

        using VectorIndex index = VectorIndex.Open(IndexPath, Options());

        Assert.Equal(VectorIndexLoadStatus.CheckpointMissing, index.OpenResult.Status);
        Assert.True(index.OpenResult.NeedsRebuild);
        Assert.Equal(0, index.Count);
        Assert.Equal(length, new FileInfo(IndexPath).Length);
    }

    [Fact]
    public async Task Unreadable_checkpoint_sidecar_needs_a_rebuild()
    {
        await SaveSampleAsync(30, checkpoint: 9);
        File.WriteAllText(IndexPath + ".checkpoint", "{ not json");

        using VectorIndex index = VectorIndex.Open(IndexPath, Options());

        Assert.Equal(VectorIndexLoadStatus.CheckpointMissing, index.OpenResult.Status);
    }

    [Fact]
    public async Task An_older_checkpoint_beside_a_newer_index_is_used_as_is()
    {
        // Simulates a crash between the index rename and the checkpoint rename.
        float[][] vectors = await SaveSampleAsync(30, checkpoint: 9);
        byte[] oldSidecar = File.ReadAllBytes(IndexPath + ".checkpoint");
        using (VectorIndex index = VectorIndex.Open(IndexPath, Options()))
        {
            index.Upsert(1000, vectors[0]);
            await index.SaveAsync(10);
        }

        File.WriteAllBytes(IndexPath + ".checkpoint", oldSidecar);
        using VectorIndex reopened = VectorIndex.Open(IndexPath, Options());

        Assert.Equal(VectorIndexLoadStatus.Loaded, reopened.OpenResult.Status);
        Assert.Equal(9, reopened.OpenResult.Checkpoint);
        Assert.True(reopened.Contains(1000));
    }

    [Fact]
    public async Task Save_leaves_no_temporary_files_and_int8_round_trips()
    {
        float[][] vectors = await SaveSampleAsync(100, checkpoint: 1, VectorQuantization.Int8);
        Assert.Equal(["memory.usearch", "memory.usearch.checkpoint"], _folder.Files());

        using VectorIndex reopened = VectorIndex.Open(IndexPath, Options(VectorQuantization.Int8));
        Assert.Equal(VectorIndexLoadStatus.Loaded, reopened.OpenResult.Status);
        Assert.Equal(100, reopened.Count);
        Assert.InRange(reopened.Search(vectors[10], 1)[0].Similarity, 0.97f, 1.01f);
    }

    [Fact]
    public async Task Leftover_temporary_files_of_an_interrupted_save_are_deleted_on_load()
    {
        await SaveSampleAsync(10, checkpoint: 2);
        File.WriteAllText(IndexPath + ".tmp-123-abc", "partial");
        File.WriteAllText(IndexPath + ".checkpoint.tmp-123-abc", "partial");
        File.WriteAllText(_folder.File("other.usearch.tmp-1-x"), "not ours");

        using VectorIndex index = VectorIndex.Open(IndexPath, Options());
        Assert.Equal(VectorIndexLoadStatus.Loaded, index.OpenResult.Status);

        Assert.Equal(["memory.usearch", "memory.usearch.checkpoint", "other.usearch.tmp-1-x"], _folder.Files());
    }

    [Fact]
    public async Task Save_rejects_a_negative_checkpoint()
    {
        using VectorIndex index = VectorIndex.Open(IndexPath, Options());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.SaveAsync(-1));
    }
}
