using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

public sealed class MemoryRepositoryTests : StoreTestBase
{
    [Fact]
    public async Task Insert_fills_defaults_and_reads_back()
    {
        var m = await Store.Memories.InsertAsync(new NewMemory { Content = "x" });
        Assert.True(m.Id > 0);
        Assert.Empty(m.Tags);
        Assert.Null(m.Clusters);
        Assert.Equal(1, m.Importance);
        Assert.Equal(1.0, m.BaseImportance);
        Assert.Equal(0, m.AccessCount);
        Assert.Equal("neutral", m.Sentiment);
        Assert.Equal("desktop", m.Source);
        Assert.Equal("event", m.Type);
        Assert.Equal(T0, m.Timestamp);
        Assert.Equal(m, await Store.Memories.GetAsync(m.Id));
    }

    [Fact]
    public async Task Time_axis_links_in_creation_order()
    {
        var a = await Store.Memories.InsertAsync(new NewMemory { Content = "A" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        var b = await Store.Memories.InsertAsync(new NewMemory { Content = "B" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        var c = await Store.Memories.InsertAsync(new NewMemory { Content = "C" });
        (a, b, c) = (await Get(a.Id), await Get(b.Id), await Get(c.Id));
        Assert.Null(a.PrevId);
        Assert.Equal(b.Id, a.NextId);
        Assert.Equal(a.Id, b.PrevId);
        Assert.Equal(c.Id, b.NextId);
        Assert.Equal(b.Id, c.PrevId);
        Assert.Null(c.NextId);
    }

    [Fact]
    public async Task An_older_timestamp_is_inserted_in_the_middle_of_the_axis()
    {
        var a = await Store.Memories.InsertAsync(new NewMemory { Content = "A", Timestamp = T0 });
        var c = await Store.Memories.InsertAsync(new NewMemory { Content = "C", Timestamp = T0.AddHours(2) });
        var b = await Store.Memories.InsertAsync(new NewMemory { Content = "B", Timestamp = T0.AddHours(1) });
        Assert.Equal(b.Id, (await Get(a.Id)).NextId);
        Assert.Equal(a.Id, b.PrevId);
        Assert.Equal(c.Id, b.NextId);
        Assert.Equal(b.Id, (await Get(c.Id)).PrevId);
    }

    [Fact]
    public async Task Delete_repairs_the_axis_removes_relations_and_never_reuses_the_id()
    {
        var a = await Store.Memories.InsertAsync(new NewMemory { Content = "A" });
        var b = await Store.Memories.InsertAsync(new NewMemory { Content = "B", Timestamp = T0.AddSeconds(1) });
        var c = await Store.Memories.InsertAsync(new NewMemory { Content = "C", Timestamp = T0.AddSeconds(2) });
        await Store.Relations.UpsertAsync(a.Id, b.Id, RelationTypes.Causal, 0.7);

        Assert.True(await Store.Memories.DeleteAsync(b.Id));
        Assert.False(await Store.Memories.DeleteAsync(b.Id));
        Assert.Null(await Store.Memories.GetAsync(b.Id));
        Assert.Equal(c.Id, (await Get(a.Id)).NextId);
        Assert.Equal(a.Id, (await Get(c.Id)).PrevId);
        Assert.Empty(await Store.Relations.ListForMemoryAsync(a.Id));

        Assert.True(await Store.Memories.DeleteAsync(c.Id));
        var d = await Store.Memories.InsertAsync(new NewMemory { Content = "D", Timestamp = T0.AddSeconds(3) });
        Assert.True(d.Id > c.Id, "a deleted id must not be reused");
        Assert.Equal(a.Id, d.PrevId);
    }

    [Fact]
    public async Task Update_changes_fields_and_logs_a_vector_change()
    {
        var m = await Store.Memories.InsertAsync(new NewMemory { Content = "old", Tags = ["a"], Embedding = [1f, 0f] });
        var updated = await Store.Memories.UpdateAsync(m.Id, r => r with { Content = "new", Tags = ["b", " c "], Embedding = [0f, 1f], Importance = 7 });
        Assert.NotNull(updated);
        Assert.Equal("new", updated.Content);
        Assert.Equal(["b", "c"], updated.Tags);
        Assert.Equal(7, updated.Importance);
        Assert.Equal([0f, 1f], updated.Embedding!);
        Assert.Null(await Store.Memories.UpdateAsync(9999, r => r));

        var changes = await Store.Database.ReadAsync((c, ct) =>
            c.QueryAsync(null, "SELECT memory_id, op FROM memory_change ORDER BY seq", r => (r.GetInt64(0), r.GetInt32(1)), ct));
        Assert.Equal([(m.Id, 1), (m.Id, 1)], changes);
    }

    [Fact]
    public async Task Embedding_round_trips_exactly()
    {
        float[] v = [0.1f, -0.25f, float.Epsilon, 3.4e38f];
        var m = await Store.Memories.InsertAsync(new NewMemory { Content = "v", Embedding = v, EmbeddingModel = "test:4" });
        var read = await Get(m.Id);
        Assert.Equal(v, read.Embedding!);
        Assert.Equal("test:4", read.EmbeddingModel);
    }

    [Fact]
    public async Task Bad_inputs_are_rejected_and_change_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Memories.InsertAsync(new NewMemory { Content = "  " }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Memories.InsertAsync(new NewMemory { Content = "x", Embedding = [float.NaN] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Memories.InsertAsync(new NewMemory { Content = "x", Importance = 11 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Memories.InsertAsync(new NewMemory { Content = "x", BaseImportance = -1 }));
        Assert.Equal(0, await Store.Memories.CountAsync());
    }

    [Fact]
    public async Task List_filters_by_text_tags_time_and_type_newest_first()
    {
        await Store.Memories.InsertAsync(new NewMemory { Content = "likes ramen", Tags = ["food", "likes"], Timestamp = T0 });
        await Store.Memories.InsertAsync(new NewMemory { Content = "likes cats", Tags = ["pets"], Timestamp = T0.AddDays(1), Type = "interaction_summary" });
        await Store.Memories.InsertAsync(new NewMemory { Content = "100% sure", Tags = ["fo_od"], Timestamp = T0.AddDays(2) });

        var all = await Store.Memories.ListAsync(new MemoryListQuery());
        Assert.Equal(["100% sure", "likes cats", "likes ramen"], all.Select(m => m.Content));
        Assert.Equal(["likes cats", "likes ramen"], (await Store.Memories.ListAsync(new MemoryListQuery { ContentContains = "LIKES" })).Select(m => m.Content));
        Assert.Equal(["likes ramen"], (await Store.Memories.ListAsync(new MemoryListQuery { Tags = ["Food"] })).Select(m => m.Content));
        Assert.Equal(["likes cats"], (await Store.Memories.ListAsync(new MemoryListQuery { From = T0.AddHours(1), Until = T0.AddDays(2) })).Select(m => m.Content));
        Assert.Equal(["likes cats"], (await Store.Memories.ListAsync(new MemoryListQuery { Types = ["interaction_summary"] })).Select(m => m.Content));
        Assert.Equal(["100% sure"], (await Store.Memories.ListAsync(new MemoryListQuery { ContentContains = "%" })).Select(m => m.Content));
        Assert.Equal(["likes cats"], (await Store.Memories.ListAsync(new MemoryListQuery { Limit = 1, Offset = 1 })).Select(m => m.Content));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Memories.ListAsync(new MemoryListQuery { Limit = 0 }));
    }

    [Fact]
    public async Task Concurrent_inserts_are_serialised_into_one_linear_chain()
    {
        const int n = 50;
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(() =>
            Store.Memories.InsertAsync(new NewMemory { Content = $"memory {i}", Embedding = [i, 1f] }))));

        var all = await Store.Memories.ListAsync(new MemoryListQuery { Limit = 1000 });
        Assert.Equal(n, all.Count);
        var byId = all.ToDictionary(m => m.Id);
        Assert.Single(all, m => m.PrevId is null);
        Assert.Single(all, m => m.NextId is null);
        Assert.Equal(n - 1, all.Where(m => m.PrevId is not null).Select(m => m.PrevId).Distinct().Count());
        foreach (var m in all.Where(m => m.NextId is not null))
        {
            Assert.Equal(m.Id, byId[m.NextId!.Value].PrevId);
        }

        var walked = 0;
        for (long? id = all.Single(m => m.PrevId is null).Id; id is not null; id = byId[id.Value].NextId)
        {
            walked++;
        }

        Assert.Equal(n, walked);
    }

    [Fact]
    public async Task Concurrent_writers_on_all_tables_never_see_database_is_locked()
    {
        var tasks = new List<Task>();
        for (var i = 0; i < 40; i++)
        {
            var k = i;
            tasks.Add(Task.Run(() => Store.Config.SetAsync($"key{k}", "v")));
            tasks.Add(Task.Run(() => Store.Memories.InsertAsync(new NewMemory { Content = $"m{k}" })));
            tasks.Add(Task.Run(() => Store.Logs.AddAsync([new ConversationLogEntry { SessionId = "s", Source = "desktop", Role = "user", Content = $"hi {k}" }])));
            tasks.Add(Task.Run(() => Store.Memories.ListAsync(new MemoryListQuery())));
        }

        await Task.WhenAll(tasks);
        Assert.Equal(40, (await Store.Config.GetAllAsync()).Count);
        Assert.Equal(40, await Store.Memories.CountAsync());
        Assert.Equal(40, (await Store.Logs.ListSessionAsync("desktop", "s", 100)).Count);
    }

    private async Task<MemoryRecord> Get(long id) => (await Store.Memories.GetAsync(id))!;
}
