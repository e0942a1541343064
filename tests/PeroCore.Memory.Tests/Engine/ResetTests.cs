using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The factory reset: every table decided, one transaction, and indexes that never serve deleted rows.</summary>
public sealed class ResetTests
{
    private const int Dims = 32;

    [Fact]
    public async Task Every_table_of_the_schema_is_either_cleared_or_kept_by_a_reset()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims));
        var tables = await h.Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", r => r.GetString(0), ct));
        Assert.NotEmpty(tables);
        var decided = DataTables.ClearedByReset.Concat(DataTables.KeptByReset).ToHashSet(StringComparer.Ordinal);
        var undecided = tables.Where(t => !decided.Contains(t)).ToList();
        Assert.True(undecided.Count == 0,
            $"Tables neither cleared nor kept by a factory reset: {string.Join(", ", undecided)}. Add each to DataTables.ClearedByReset or DataTables.KeptByReset.");
        Assert.Empty(DataTables.ClearedByReset.Intersect(DataTables.KeptByReset));
        Assert.All(DataTables.ClearedByReset, t => Assert.Contains(t, tables));
        // Every table a user's data lives in is exported.
        var exported = DataTables.Exported.Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
        Assert.All(new[] { "memory", "memory_relation", "conversation_log", "config", "model_config", "pet_state", "scheduled_task", "voice_config", "mcp_config", "tag" },
            t => Assert.Contains(t, exported));
    }

    [Fact]
    public async Task A_write_prepared_before_a_reset_is_refused_after_it()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims));
        var before = h.Engine.Generation;
        var kept = await h.Engine.AddAsync(new NewMemory { Content = "written in the same generation" }, before);

        await h.Engine.ResetAsync(); // while, say, the scorer waits for its LLM

        Assert.NotEqual(before, h.Engine.Generation);
        await Assert.ThrowsAsync<StoreConflictException>(() => h.Engine.AddAsync(new NewMemory { Content = "distilled from an erased conversation" }, before));
        Assert.Empty(await h.Store.Memories.ListAsync(new MemoryListQuery()));
        Assert.Equal(0, h.Engine.Index.Count);
        Assert.True(kept.Id > 0);

        // A write prepared after the reset goes through.
        var after = await h.Engine.AddAsync(new NewMemory { Content = "a new memory" }, h.Engine.Generation);
        Assert.Equal(after.Id, Assert.Single(await h.Store.Memories.ListAsync(new MemoryListQuery())).Id);
    }

    [Fact]
    public async Task A_reset_empties_rows_indexes_and_graph_and_keeps_the_chosen_settings()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims));
        var a = await h.AddAsync("the owner's cat is called Miso", EngineHarness.Day, tags: ["cat"]);
        var b = await h.AddAsync("the owner plants tulips", EngineHarness.Day / 2, tags: ["garden"]);
        await h.Engine.RelateAsync(a.Id, b.Id, RelationTypes.Thematic, 0.6);
        await h.Store.Config.SetAsync("owner_name", "Alice");
        await h.Store.Config.SetAsync("current_model_id", "3");
        await h.Store.Models.InsertAsync(new ModelConfigRecord { Name = "main", ModelId = "m1", ApiKey = "sk-keep" });

        await h.Engine.ResetAsync();

        Assert.Equal(0, h.Engine.Index.Count);
        Assert.Equal(0, h.Engine.TagIndex.Count);
        Assert.Equal(0, h.Engine.Graph.Current.NodeCount);
        Assert.Empty((await h.RecallAsync("cat Miso")).Memories);
        Assert.Null(await h.Store.Config.GetAsync("owner_name"));
        Assert.Equal("3", await h.Store.Config.GetAsync("current_model_id"));
        Assert.Equal("sk-keep", Assert.Single(await h.Store.Models.ListAsync()).ApiKey);
        Assert.Empty(await h.Store.Relations.ListAllAsync());

        // New memories after the reset get new ids (never a deleted one) and are found.
        var c = await h.AddAsync("the owner drinks green tea", TimeSpan.Zero);
        Assert.True(c.Id > b.Id);
        Assert.Equal(c.Id, Assert.Single((await h.RecallAsync("green tea")).Memories).Memory.Id);
        await h.ReopenAsync();
        Assert.Equal(1, h.Engine.Index.Count);
        Assert.Equal(c.Id, Assert.Single((await h.RecallAsync("green tea")).Memories).Memory.Id);
    }

    [Fact]
    public async Task A_crash_after_the_reset_commit_leaves_no_stale_vector_at_the_next_start()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims));
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await h.AddAsync($"memory number {i} about cats and tea", TimeSpan.FromMinutes(i))).Id);
        }

        await h.Engine.SaveIndexesAsync();
        await h.CloseAsync();
        var indexFiles = Directory.GetFiles(h.IndexDirectory, "*.usearch*").Select(f => (f, File.GetLastWriteTimeUtc(f))).ToList();
        Assert.NotEmpty(indexFiles);

        // The crash window: the SQL half of the reset committed, the process died before the index files were replaced.
        await using (var store = await PeroStore.OpenAsync(h.DatabasePath))
        {
            await store.Database.WriteAsync((tx, ct) => StoreReset.ClearAsync(tx, ct));
        }

        Assert.All(indexFiles, f => Assert.True(File.Exists(f.f)));
        await h.OpenAsync();
        Assert.Equal(0, h.Engine.Index.Count);
        Assert.Equal(0, h.Engine.TagIndex.Count);
        Assert.All(ids, id => Assert.False(h.Engine.Index.Contains(id)));
        Assert.Empty(h.Engine.SearchVectors(await EmbedAsync(h, "memory number 3 about cats and tea"), 10));
        Assert.Empty((await h.RecallAsync("cats and tea")).Memories);
        Assert.Equal(0, h.Engine.Graph.Current.NodeCount);
    }

    [Fact]
    public async Task Without_the_reset_mark_the_stale_index_would_have_been_served()
    {
        // The control for the test above: the same crash without the mark in engine_state replays only the change
        // log, which says nothing of the deleted rows, so the old vectors stay. This shows the mark is what repairs it.
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims));
        for (var i = 0; i < 5; i++)
        {
            await h.AddAsync($"memory number {i}", TimeSpan.FromMinutes(i));
        }

        await h.Engine.SaveIndexesAsync();
        await h.CloseAsync();
        await using (var store = await PeroStore.OpenAsync(h.DatabasePath))
        {
            await store.Database.WriteAsync((tx, ct) => StoreReset.ClearAsync(tx, ct));
            await store.EngineState.DeleteAsync(StoreReset.ResetStateKey);
        }

        await h.OpenAsync();
        Assert.Equal(5, h.Engine.Index.Count);
    }

    private static async Task<float[]> EmbedAsync(EngineHarness h, string text) =>
        (await h.Embedder.GenerateAsync([text])).Single().Vector.ToArray();
}
