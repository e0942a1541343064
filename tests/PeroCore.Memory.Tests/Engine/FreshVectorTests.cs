using PeroCore.Memory.Embeddings;
using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>Vectors written by the engine are scanned exactly until their reachability check, and no longer after it.</summary>
public sealed class FreshVectorTests
{
    [Fact]
    public async Task Written_and_updated_vectors_leave_the_exact_scan_once_audited_and_stay_findable()
    {
        using var embedder = new HashingEmbeddingGenerator(64);
        await using var h = await EngineHarness.StartAsync(embedder, new MemoryEngineOptions());
        var added = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            added.Add((await h.AddAsync($"note {i}: the owner keeps {i} pots of basil on the balcony", EngineHarness.Day * (i + 1))).Id);
        }

        await h.Engine.UpdateAsync(added[2], new MemoryEdit { Content = "note 2: the owner moved the basil inside for the winter" }, ChangeOrigin.Api);
        await h.Engine.WaitForIndexingAsync();
        await h.Engine.WaitForAuditAsync();
        Assert.Equal(0, h.Engine.FreshCount);
        Assert.Equal(0, h.Engine.UnauditedCount);

        // After the check every memory is still found by its own vector: through the graph (or as an orphan).
        foreach (var id in added)
        {
            var memory = (await h.Store.Memories.GetAsync(id))!;
            var vector = (await h.Engine.EmbedQueriesAsync([memory.Content]))[0];
            Assert.Contains(h.Engine.SearchVectors(vector, 10), hit => hit.Key == id);
        }
    }
}
