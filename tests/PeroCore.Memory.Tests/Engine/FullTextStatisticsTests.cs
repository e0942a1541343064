using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The cached term statistics of full-text planning follow every kind of write of the engine.</summary>
public sealed class FullTextStatisticsTests
{
    [Fact]
    public async Task Term_statistics_follow_imports_edits_deletes_and_resets()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions());
        var first = await h.Engine.ImportAsync(Inputs(300, i => i < 50 ? $"zebra seen {i}" : i < 60 ? $"okapi seen {i}" : $"other thing {i}"),
            options: new ImportOptions { Relations = RelationLinking.None });
        var zebras = first.Ids.Take(50).ToHashSet();
        Assert.Contains(await h.Engine.SearchFullTextAsync("zebra okapi", 100), x => zebras.Contains(x.Id)); // 50 of 300: kept

        // Import: 70 of 320 is above the 20 % cut, so zebra is pruned and only the ten okapi memories come back.
        var more = await h.Engine.ImportAsync(Inputs(20, i => $"zebra again {i}"), options: new ImportOptions { Relations = RelationLinking.None });
        Assert.Equal(10, (await h.Engine.SearchFullTextAsync("zebra okapi", 100)).Count);

        // Delete: back to 50 of 300.
        foreach (var id in more.Ids)
        {
            Assert.True(await h.Engine.DeleteAsync(id));
        }

        Assert.Contains(await h.Engine.SearchFullTextAsync("zebra okapi", 100), x => zebras.Contains(x.Id));

        // Edit: twenty other memories now mention zebra (70 of 300).
        foreach (var id in first.Ids.Skip(100).Take(20))
        {
            Assert.NotNull(await h.Engine.UpdateAsync(id, new MemoryEdit { Content = "a zebra after all" }));
        }

        Assert.Equal(10, (await h.Engine.SearchFullTextAsync("zebra okapi", 100)).Count);

        // Reset, then new memories: nothing old is found, the new ones are.
        await h.Engine.ResetAsync();
        Assert.Empty(await h.Engine.SearchFullTextAsync("zebra okapi", 100));
        var fresh = await h.Engine.ImportAsync(Inputs(5, i => $"okapi anew {i}"), options: new ImportOptions { Relations = RelationLinking.None });
        Assert.Equal(fresh.Ids.Order(), (await h.Engine.SearchFullTextAsync("zebra okapi", 100)).Select(x => x.Id).Order());
    }

    private static List<NewMemory> Inputs(int count, Func<int, string> content) =>
        [.. Enumerable.Range(0, count).Select(i => new NewMemory { Content = content(i), Timestamp = EngineHarness.Now.AddMinutes(-i) })];
}
