using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Indexing;

/// <summary>The audit's exact scans: orphans, and vectors written by this process that wait for their check.</summary>
public sealed class ReachabilityAuditTests
{
    private const int Dims = 32;

    [Fact]
    public async Task A_vector_awaiting_its_check_is_found_by_the_exact_scan_even_when_the_graph_does_not_answer_for_it()
    {
        using var dir = new TempFolder();
        await using var store = await PeroStore.OpenAsync(dir.File("perocore.db"));
        using var index = VectorIndex.Create(new VectorIndexOptions { Dimensions = Dims, IndexingMode = VectorIndexingMode.Manual, IndexingThreads = 1 });
        var audit = new ReachabilityAudit(index, new IndexSyncStore(store.Database), store.EngineState, "test-model", Dims, NullLogger.Instance);
        float[][] vectors = TestVectors.Random(20, Dims, seed: 7);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Upsert(i + 1, vectors[i]);
        }

        index.FlushPending();
        audit.Queue(vectors.Select((v, i) => ((long)(i + 1), v)));
        Assert.Equal(20, audit.FreshCount);

        // The graph stops answering for memory 5 (as it does for a node HNSW left unreachable): a search for its own
        // vector still finds it first, through the exact scan, until the check has run.
        index.Remove(5);
        Assert.DoesNotContain(index.Search(vectors[4], 20), h => h.Key == 5);
        var hits = audit.Search(vectors[4], 3);
        Assert.Equal(5, hits[0].Key);
        Assert.Equal(1f, hits[0].Similarity, 4);

        // The check ran (these memories have no rows, so each counts as deleted meanwhile): the scan set is empty,
        // and what the graph does not hold is no longer found.
        await audit.WaitAsync(CancellationToken.None);
        Assert.Equal(0, audit.FreshCount);
        Assert.Equal(0, audit.UnauditedCount);
        Assert.DoesNotContain(audit.Search(vectors[4], 20), h => h.Key == 5);
    }

    [Fact]
    public async Task At_most_MaxFresh_vectors_are_kept_for_the_exact_scan_and_forgetting_or_clearing_drops_them()
    {
        using var dir = new TempFolder();
        await using var store = await PeroStore.OpenAsync(dir.File("perocore.db"));
        using var index = VectorIndex.Create(new VectorIndexOptions { Dimensions = Dims, IndexingMode = VectorIndexingMode.Manual });
        var audit = new ReachabilityAudit(index, new IndexSyncStore(store.Database), store.EngineState, "test-model", Dims, NullLogger.Instance);
        float[][] vectors = TestVectors.Random(ReachabilityAudit.MaxFresh + 100, Dims, seed: 3);
        audit.Queue(vectors.Select((v, i) => ((long)(i + 1), v)));
        Assert.Equal(ReachabilityAudit.MaxFresh, audit.FreshCount);
        Assert.Equal(ReachabilityAudit.MaxFresh + 100, audit.UnauditedCount);

        // Memory 1 written again with another vector: its kept vector is replaced, even at the bound.
        audit.Queue([(1L, vectors[1])]);
        Assert.Equal(ReachabilityAudit.MaxFresh, audit.FreshCount);
        var same = audit.Search(vectors[1], 2);
        Assert.Equal([1L, 2L], same.Select(h => h.Key));
        Assert.All(same, h => Assert.Equal(1f, h.Similarity, 4));
        Assert.True(audit.Search(vectors[0], 1)[0].Similarity < 0.9f, "the replaced vector is no longer scanned");
        audit.Forget(1);
        Assert.Equal(ReachabilityAudit.MaxFresh - 1, audit.FreshCount);
        audit.Clear();
        Assert.Equal(0, audit.FreshCount);
        Assert.Equal(0, audit.UnauditedCount);
    }
}
