using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The bulk import path: time-axis links set on insert, and relations linked inline or in the background.</summary>
public sealed class BulkImportTests
{
    private const int Dims = 64;

    // One HNSW insertion thread: the same graph every run, so relation sets compare exactly.
    private static readonly MemoryEngineOptions Linked = new()
    {
        Ingestion = new IngestionOptions { MaxNeighbourLinks = 3, MaxTagLinks = 3, NeighbourSimilarityThreshold = 0.86 },
        Index = new PeroCore.Memory.Indexing.VectorIndexOptions { IndexingThreads = 1 },
    };

    [Fact]
    public async Task Multi_batch_imports_build_one_chain_in_time_order()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);
        var random = new Random(5);
        var minutes = Enumerable.Range(0, 2500).OrderBy(_ => random.Next()).ToList();
        var first = await h.Engine.ImportAsync([.. minutes.Select(m => Memory($"memory at minute {m}", EngineHarness.Now.AddDays(-10).AddMinutes(m)))],
            options: new ImportOptions { Relations = RelationLinking.None });
        // Newer ones (appended) and older ones (inserted into the middle of the chain).
        var newer = await h.Engine.ImportAsync([.. Enumerable.Range(0, 10).Select(i => Memory($"newer {i}", EngineHarness.Now.AddMinutes(-i)))]);
        var older = await h.Engine.ImportAsync([.. Enumerable.Range(0, 5).Select(i => Memory($"older {i}", EngineHarness.Now.AddDays(-10).AddMinutes(100.5 * i)))]);

        var stored = await h.Store.Memories.GetManyAsync(first.Ids);
        Assert.All(first.Ids.Select((id, i) => (id, i)), x => Assert.Equal($"memory at minute {minutes[x.i]}", stored.Single(m => m.Id == x.id).Content));

        var all = await h.Store.Memories.GetManyAsync([.. first.Ids, .. newer.Ids, .. older.Ids]);
        Assert.Equal(2515, all.Count);
        var byId = all.ToDictionary(m => m.Id);
        var head = Assert.Single(all, m => m.PrevId is null);
        var walked = new List<MemoryRecord>();
        for (var m = head; m is not null; m = m.NextId is { } next ? byId[next] : null)
        {
            walked.Add(m);
            Assert.True(walked.Count <= all.Count, "the chain has a cycle");
            if (m.NextId is { } n)
            {
                Assert.Equal(m.Id, byId[n].PrevId);
            }
        }

        Assert.Equal(all.Count, walked.Count);
        Assert.Equal(walked.Select(m => m.Timestamp).Order(), walked.Select(m => m.Timestamp));
        Assert.Equal(2515, h.Engine.Graph.Current.NodeCount);
    }

    [Fact]
    public async Task A_shutdown_with_a_large_backlog_skips_the_final_save_and_the_next_start_indexes_everything()
    {
        var options = Linked with { Ingestion = Linked.Ingestion with { ShutdownDrainLimit = 100 } };
        var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), options);
        await using (h)
        {
            var early = await h.AddAsync("an early memory", TimeSpan.FromDays(3));
            await h.Engine.SaveIndexesAsync();
            var file = Path.Combine(h.IndexDirectory, "memory.usearch");
            var saved = File.GetLastWriteTimeUtc(file);

            // The indexer is held back, so the whole import is still waiting for the graph when the engine closes.
            var hold = h.Engine.Index.SuspendBackgroundIndexing();
            var imported = await h.Engine.ImportAsync(GroupedInputs(groups: 100, perGroup: 3), options: new ImportOptions { Relations = RelationLinking.None });
            Assert.True(h.Engine.Index.PendingCount > 100, $"{h.Engine.Index.PendingCount} pending");
            var closing = System.Diagnostics.Stopwatch.StartNew();
            await h.CloseAsync();
            hold.Dispose();
            Assert.Equal(saved, File.GetLastWriteTimeUtc(file)); // not saved: the backlog was over the limit
            Assert.True(closing.Elapsed < TimeSpan.FromSeconds(10), $"closing took {closing.Elapsed}");

            await h.OpenAsync();
            await h.Engine.WaitForIndexingAsync();
            Assert.All([early.Id, .. imported.Ids], id => Assert.True(h.Engine.Index.IsInGraph(id), $"memory {id} is not in the index"));
            await h.Engine.SaveIndexesAsync();
            Assert.NotEqual(saved, File.GetLastWriteTimeUtc(file));
        }
    }

    [Fact]
    public async Task Deferred_linking_makes_the_same_relations_as_inline_linking()
    {
        var inputs = GroupedInputs(groups: 60, perGroup: 4);
        await using var inline = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);
        await using var deferred = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);

        var a = await inline.Engine.ImportAsync(inputs, options: new ImportOptions { Relations = RelationLinking.Inline });
        var b = await deferred.Engine.ImportAsync(inputs, options: new ImportOptions { Relations = RelationLinking.Deferred });
        Assert.False(a.LinkingDeferred);
        Assert.True(b.LinkingDeferred);
        Assert.Equal(0, b.Relations);
        await deferred.Engine.WaitForLinkingAsync();

        var expected = await Relations(inline);
        var actual = await Relations(deferred);
        Assert.Contains(expected, r => r.Type == RelationTypes.Associative);
        Assert.Contains(expected, r => r.Type == RelationTypes.Thematic);
        Assert.Equal(expected.Select(r => (r.Source, r.Target, r.Type)), actual.Select(r => (r.Source, r.Target, r.Type)));
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Strength, p.Second.Strength, 0.001));
        Assert.Equal(0, await deferred.Engine.CountPendingLinksAsync());
        Assert.Equal(inline.Engine.Graph.Current.EdgeCount, deferred.Engine.Graph.Current.EdgeCount);
    }

    [Fact]
    public async Task Auto_links_small_writes_inline_and_large_imports_in_the_background()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);
        var small = await h.Engine.ImportAsync(GroupedInputs(2, 4));
        Assert.False(small.LinkingDeferred);
        Assert.True(small.Relations > 0);
        var large = await h.Engine.ImportAsync(GroupedInputs(80, 4, offset: 2), options: new ImportOptions { InlineLinkingLimit = 100 });
        Assert.True(large.LinkingDeferred);
        await h.Engine.WaitForLinkingAsync();
        var relations = await Relations(h);
        Assert.Contains(relations, r => r.Source > large.Ids.Min());
    }

    [Fact]
    public async Task Queued_links_survive_a_restart_and_are_made_at_the_next_open()
    {
        var inputs = GroupedInputs(30, 4);
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);
        await h.Engine.ImportAsync(inputs, options: new ImportOptions { Relations = RelationLinking.Deferred });
        await h.Engine.WaitForLinkingAsync();
        var expected = await Relations(h);
        Assert.NotEmpty(expected);
        await h.CloseAsync();

        // As if the process had stopped before the linker ran: relations missing, every memory still queued.
        await using (var store = await PeroStore.OpenAsync(h.DatabasePath))
        {
            await store.Database.WriteAsync(async (tx, ct) =>
            {
                await tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_relation", ct);
                await tx.Connection!.ExecuteAsync(tx, "INSERT INTO memory_link_pending (memory_id) SELECT id FROM memory", ct);
                return 0;
            });
        }

        await h.OpenAsync();
        await h.Engine.WaitForLinkingAsync();
        Assert.Equal(expected, await Relations(h));
        Assert.Equal(expected.Count, (int)h.Engine.Graph.Current.EdgeCount - (inputs.Count - 1));
        Assert.Equal(0, await h.Engine.CountPendingLinksAsync());
    }

    [Fact]
    public async Task A_deferred_import_is_audited_by_the_linkers_searches_not_queued_for_separate_ones()
    {
        var inputs = GroupedInputs(40, 4);
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);
        var result = await h.Engine.ImportAsync(inputs, options: new ImportOptions { Relations = RelationLinking.Deferred });
        Assert.Equal(0, h.Engine.UnauditedCount); // nothing queued for a separate audit search

        await h.Engine.WaitForLinkingAsync();
        Assert.Equal(0, h.Engine.UnauditedCount);
        Assert.Equal(0, await h.Engine.CountPendingLinksAsync());
        // Every memory is found by its own vector (through the graph, or exactly as an orphan).
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Contains(h.Engine.SearchVectors(inputs[i].Embedding!, 4), hit => hit.Key == result.Ids[i]);
        }

        // A memory written again before the linker reached it is left to the regular audit (its graph copy is stale).
        var again = await h.Engine.ImportAsync(GroupedInputs(40, 4, offset: 3), options: new ImportOptions { Relations = RelationLinking.Deferred });
        await h.Engine.UpdateAsync(again.Ids[0], new MemoryEdit { Content = "rewritten before linking" });
        await h.Engine.WaitForLinkingAsync();
        await h.Engine.WaitForAuditAsync();
        Assert.Equal(0, h.Engine.UnauditedCount);
        Assert.Contains(h.Engine.SearchVectors((await h.Store.Memories.GetAsync(again.Ids[0]))!.Embedding!, 4), hit => hit.Key == again.Ids[0]);
    }

    [Fact]
    public async Task Deleting_a_queued_memory_removes_it_from_the_queue()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(Dims), Linked);
        var m = await h.AddAsync("soon deleted", EngineHarness.Day);
        await h.Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "INSERT INTO memory_link_pending (memory_id) VALUES ($id)", ct, ("$id", m.Id)));
        Assert.True(await h.Engine.DeleteAsync(m.Id));
        Assert.Equal(0, await h.Engine.CountPendingLinksAsync());
        await h.Engine.WaitForLinkingAsync();
    }

    private static NewMemory Memory(string content, DateTimeOffset at, float[]? vector = null, IReadOnlyList<string>? tags = null) =>
        new() { Content = content, Timestamp = at, Embedding = vector, Tags = tags ?? [] };

    /// <summary>
    /// Groups of near-duplicate vectors (cosine well above 0.86 within a group, near 0 across groups), one tag per
    /// five groups; in time order, with the members of a group spread out in time.
    /// </summary>
    private static List<NewMemory> GroupedInputs(int groups, int perGroup, int offset = 0)
    {
        var random = new Random(17 + offset);
        var list = new List<NewMemory>();
        for (var g = 0; g < groups; g++)
        {
            var center = Enumerable.Range(0, Dims).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            for (var k = 0; k < perGroup; k++)
            {
                var vector = center.Select(x => x + (float)(((random.NextDouble() * 2) - 1) * 0.05)).ToArray();
                var n = (k * groups) + g + (offset * perGroup * 1000);
                list.Add(Memory($"group {offset + g} item {k}", EngineHarness.Now.AddDays(-5).AddMinutes(n), vector, [$"topic{(offset + g) % 5}"]));
            }
        }

        return [.. list.OrderBy(m => m.Timestamp)];
    }

    private static async Task<List<(long Source, long Target, string Type, double Strength)>> Relations(EngineHarness h) =>
        [.. (await h.Store.Relations.ListAllAsync()).Select(r => (r.SourceId, r.TargetId, r.RelationType, r.Strength)).Order()];
}
