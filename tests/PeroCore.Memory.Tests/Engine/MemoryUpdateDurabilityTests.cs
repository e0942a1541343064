using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>A content edit is one SQL transaction (row, full text, <c>memory_change</c>, link queue); the index follows, and after a crash catches up.</summary>
public sealed class MemoryUpdateDurabilityTests
{
    [Fact]
    public async Task An_edit_whose_index_was_never_saved_is_caught_up_from_memory_change_after_a_crash()
    {
        var embedder = new HashingEmbeddingGenerator();
        await using var h = await EngineHarness.StartAsync(embedder, new MemoryEngineOptions());
        var edited = await h.AddAsync("the owner drinks oolong tea every morning", EngineHarness.Day);
        await h.AddAsync("the neighbour repairs old bicycles", EngineHarness.Day / 2);
        await h.Engine.SaveIndexesAsync();

        var updated = await h.Engine.UpdateAsync(edited.Id, new MemoryEdit { Content = "the owner practises the cello on weekends" });
        Assert.NotNull(updated);

        // Simulate a crash right after the commit: the saved index still holds the old vector.
        await h.Store.DisposeAsync();
        await h.OpenAsync();

        var fresh = await embedder.EmbedDocumentAsync(MemoryEngine.IndexText("the owner practises the cello on weekends", []));
        var stale = await embedder.EmbedDocumentAsync(MemoryEngine.IndexText("the owner drinks oolong tea every morning", []));
        var hit = Assert.Single(h.Engine.SearchVectors(fresh, 1));
        Assert.Equal(edited.Id, hit.Key);
        Assert.True(hit.Similarity > 0.99f, $"similarity {hit.Similarity}");
        Assert.DoesNotContain(h.Engine.SearchVectors(stale, 2), x => x.Key == edited.Id && x.Similarity > 0.99f);
        Assert.Contains(edited.Id, (await h.Engine.SearchFullTextAsync("cello", 5)).Select(x => x.Id));
        Assert.DoesNotContain(edited.Id, (await h.Engine.SearchFullTextAsync("oolong", 5)).Select(x => x.Id));
        await h.Engine.WaitForLinkingAsync();
        Assert.Equal(0, await h.Engine.CountPendingLinksAsync());
    }
}
