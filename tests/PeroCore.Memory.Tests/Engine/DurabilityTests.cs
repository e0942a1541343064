using PeroCore.Memory.Storage;
using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Engine;

public sealed class DurabilityTests
{
    private static readonly MemoryEngineOptions Options = new();

    [Fact]
    public async Task Deleted_memories_never_come_back_and_their_ids_are_not_reused()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), Options);
        var keep = await h.AddAsync("I love green tea in the morning", EngineHarness.Day);
        var gone = await h.AddAsync("My passport number is NEBULA-2287", EngineHarness.Day / 2);
        Assert.Contains(await Recall(h, "NEBULA-2287"), m => m.Memory.Id == gone.Id);

        Assert.True(await h.Engine.DeleteAsync(gone.Id));
        Assert.False(await h.Engine.DeleteAsync(gone.Id));
        Assert.DoesNotContain(await Recall(h, "NEBULA-2287"), m => m.Memory.Id == gone.Id);

        var fresh = await h.AddAsync("The cat is called Pixel", TimeSpan.FromHours(1));
        Assert.True(fresh.Id > gone.Id);
        Assert.Equal(keep.Id, fresh.PrevId);
        await h.ReopenAsync();
        Assert.DoesNotContain(await Recall(h, "NEBULA-2287"), m => m.Memory.Id == gone.Id);
        Assert.Contains(await Recall(h, "Pixel the cat"), m => m.Memory.Id == fresh.Id);
        Assert.False(h.Engine.Index.Contains(gone.Id));
    }

    [Fact]
    public async Task A_truncated_index_file_is_rebuilt_from_the_database()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), Options);
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await h.AddAsync($"memory number {i} about topic {i % 7}", TimeSpan.FromMinutes(100 - i))).Id);
        }

        await h.CloseAsync();
        var file = Path.Combine(h.IndexDirectory, MemoryEngine.MemoryIndexFile);
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 3)]);

        await h.OpenAsync();
        Assert.Equal(40, h.Engine.Index.Count);
        foreach (var id in ids)
        {
            var row = (await h.Store.Memories.GetAsync(id))!;
            var hits = h.Engine.Index.Search(row.Embedding!, 1);
            Assert.Equal(id, hits[0].Key);
        }
    }

    [Fact]
    public async Task A_missing_index_and_changes_after_the_last_save_are_caught_up()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), Options);
        await h.AddAsync("first memory", EngineHarness.Day);
        await h.Engine.SaveIndexesAsync();
        var second = await h.AddAsync("second memory written after the save", EngineHarness.Day / 2);

        // Simulate a crash: the database has the second memory, the saved index does not.
        var checkpointBefore = h.Engine.Index.Count;
        await h.Store.DisposeAsync();
        await h.OpenAsync(); // engine of the first harness is abandoned, as after a kill
        Assert.True(h.Engine.Index.Contains(second.Id));
        Assert.Equal(checkpointBefore, h.Engine.Index.Count);

        await h.CloseAsync();
        File.Delete(Path.Combine(h.IndexDirectory, MemoryEngine.MemoryIndexFile));
        await h.OpenAsync();
        Assert.Equal(2, h.Engine.Index.Count);
    }

    [Fact]
    public async Task T35_identical_results_after_a_restart()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), Options);
        for (var i = 0; i < 50; i++)
        {
            await h.AddAsync($"note {i}: the owner mentioned {(i % 2 == 0 ? "coffee" : "music")} and number {i}", TimeSpan.FromMinutes(500 - i));
        }

        await h.Engine.WaitForIndexingAsync();
        var before = await Recall(h, "coffee number");
        await h.ReopenAsync();
        var after = await Recall(h, "coffee number");
        Assert.Equal(before.Select(m => (m.Memory.Id, Math.Round(m.Score.Final, 9))), after.Select(m => (m.Memory.Id, Math.Round(m.Score.Final, 9))));
    }

    [Fact]
    public async Task Changing_the_index_quantization_rebuilds_the_index_from_the_store()
    {
        var f32 = Options with { Index = new PeroCore.Memory.Indexing.VectorIndexOptions { Quantization = PeroCore.Memory.Indexing.VectorQuantization.Float32 } };
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), f32);
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await h.AddAsync($"note {i} about topic{i}", TimeSpan.FromMinutes(100 - i))).Id);
        }

        await h.Engine.WaitForIndexingAsync();
        await h.ReopenAsync(Options with { Index = new PeroCore.Memory.Indexing.VectorIndexOptions { Quantization = PeroCore.Memory.Indexing.VectorQuantization.Float16 } });
        Assert.Equal(PeroCore.Memory.Indexing.VectorQuantization.Float16, h.Engine.Index.Quantization);
        Assert.True(h.Engine.Index.OpenResult.NeedsRebuild);
        await h.Engine.WaitForIndexingAsync();
        Assert.Equal(40, h.Engine.Index.Count);
        var m = await h.Store.Memories.GetAsync(ids[7]);
        Assert.Equal(ids[7], h.Engine.SearchVectors(m!.Embedding!, 1)[0].Key);
    }

    [Fact]
    public async Task T38_concurrent_ingestion_builds_one_linear_chain()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), Options);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => h.Engine.AddAsync(new NewMemory { Content = $"concurrent memory {i}" }))));
        var all = await h.Store.Memories.ListAsync(new PeroCore.Memory.Storage.MemoryListQuery { Limit = 100 });
        Assert.Equal(50, all.Count);
        Assert.Single(all, m => m.PrevId is null);
        Assert.Single(all, m => m.NextId is null);
        Assert.Equal(49, all.Where(m => m.PrevId is not null).Select(m => m.PrevId).Distinct().Count());
        Assert.Equal(50, h.Engine.Graph.Current.NodeCount);
    }

    [Fact]
    public async Task Changing_the_embedding_model_re_embeds_instead_of_mixing_vectors()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(64), Options);
        var m = await h.AddAsync("the owner plays the violin", EngineHarness.Day);
        await h.CloseAsync();

        await using var other = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(32), Options);
        await other.CloseAsync();

        // Reopen the first store with a different model: same data, new identity.
        var h2 = h;
        var newModel = new HashingEmbeddingGenerator(48);
        var store = await PeroCore.Memory.Storage.PeroStore.OpenAsync(h2.DatabasePath);
        await using (store)
        {
            var engine = await MemoryEngine.OpenAsync(store, newModel, Options with { IndexDirectory = h2.IndexDirectory });
            await using (engine)
            {
                Assert.Equal(48, engine.Model.Dimensions);
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (engine.PendingReembed > 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }

                Assert.Equal(0, engine.PendingReembed);
                var row = (await store.Memories.GetAsync(m.Id))!;
                Assert.Equal(48, row.Embedding!.Length);
                Assert.Equal(engine.ModelKey, row.EmbeddingModel);
                Assert.Equal(m.Id, engine.Index.Search(row.Embedding, 1)[0].Key);
            }
        }

        await h.OpenAsync();
    }

    private static async Task<IReadOnlyList<RecalledMemory>> Recall(EngineHarness h, string query) =>
        (await h.Engine.RecallAsync(new RecallRequest { Query = query })).Memories;
}
