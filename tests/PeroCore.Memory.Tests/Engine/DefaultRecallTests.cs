using PeroCore.Memory.Storage;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The tuned Default preset: spreading surfaces memories that were not candidates.</summary>
public sealed class DefaultRecallTests
{
    private static readonly MemoryEngineOptions Options = new() { Ingestion = new IngestionOptions { MaxNeighbourLinks = 0, MaxTagLinks = 0 } };

    [Fact]
    public async Task A_memory_reachable_only_through_a_relation_is_returned_below_the_strong_anchor_and_two_hops_stay_out()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("anchor", 0.95);
        e.Set("related", 0.0);
        e.Set("two hops", 0.0);
        e.Set("weak", 0.55);
        await using var h = await EngineHarness.StartAsync(e, Options);
        var anchor = await h.AddAsync("anchor", 10 * EngineHarness.Day);
        var related = await h.AddAsync("related", 20 * EngineHarness.Day);
        var twoHops = await h.AddAsync("two hops", 30 * EngineHarness.Day);
        await h.AddAsync("weak", 40 * EngineHarness.Day);
        await h.IsolateAllAsync();
        await h.Engine.RelateAsync(anchor.Id, related.Id, "causal", 1.0);
        await h.Engine.RelateAsync(related.Id, twoHops.Id, "causal", 1.0);

        var result = await h.RecallAsync(options: RecallOptions.Default);
        var names = result.Memories.Select(m => m.Memory.Content).ToList();
        Assert.Equal("anchor", names[0]);
        Assert.Contains("related", names);
        Assert.DoesNotContain("two hops", names);
        var surfaced = result.Memories.Single(m => m.Memory.Content == "related");
        Assert.False(surfaced.IsCandidate);
        Assert.True(surfaced.Score.Activation > 0);
        Assert.Equal(0, surfaced.Score.Semantic, 4);
    }

    [Fact]
    public async Task A_time_axis_neighbour_of_the_best_match_is_surfaced_with_its_context()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("Ana: did you see the comet?", 0.95);
        e.Set("Ben: yes, last Tuesday at midnight", 0.0);
        e.Set("unrelated chat", 0.0);
        await using var h = await EngineHarness.StartAsync(e, Options);
        await h.AddAsync("unrelated chat", 30 * EngineHarness.Day);
        await h.AddAsync("Ana: did you see the comet?", 10 * EngineHarness.Day);
        await h.AddAsync("Ben: yes, last Tuesday at midnight", (10 * EngineHarness.Day) - TimeSpan.FromMinutes(1));

        var result = await h.RecallAsync(options: RecallOptions.Default);
        Assert.Equal("Ana: did you see the comet?", result.Memories[0].Memory.Content);
        Assert.Equal("Ben: yes, last Tuesday at midnight", result.Memories[1].Memory.Content);
        Assert.Equal("unrelated chat", result.Memories[0].Previous);
        Assert.Equal("Ben: yes, last Tuesday at midnight", result.Memories[0].Next);
    }

    [Fact]
    public async Task Filters_exclude_memories_before_they_can_seed_the_spread()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("old", 0.9);
        e.Set("recent", 0.9);
        e.Set("archived", 0.9);
        await using var h = await EngineHarness.StartAsync(e, Options);
        await h.AddAsync("old", 10 * EngineHarness.Day);
        await h.AddAsync("recent", TimeSpan.FromHours(1));
        await h.Engine.AddAsync(new NewMemory { Content = "archived", Type = "archived", Timestamp = EngineHarness.Now - (5 * EngineHarness.Day) });

        var filter = new RecallFilter { Until = EngineHarness.Now - EngineHarness.Day, ExcludeTypes = ["archived"] };
        var result = await h.RecallAsync(filter: filter, options: RecallOptions.Default);
        Assert.Equal(["old"], result.Memories.Select(m => m.Memory.Content));
    }

    [Fact]
    public async Task Reinforcement_is_off_by_default_and_applied_after_the_recall_when_asked()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("m", 0.9);
        await using var h = await EngineHarness.StartAsync(e, Options);
        var m = await h.AddAsync("m", EngineHarness.Day, importance: 5);
        await h.RecallAsync(options: RecallOptions.Default);
        Assert.Equal(0, (await h.Store.Memories.GetAsync(m.Id))!.AccessCount);

        for (var i = 0; i < 10; i++)
        {
            var r = await h.Engine.RecallAsync(new RecallRequest { Query = "query", Reinforce = true });
            Assert.Single(r.Memories);
        }

        await h.ReopenAsync(); // waits for the background reinforcement
        var after = (await h.Store.Memories.GetAsync(m.Id))!;
        Assert.Equal(10, after.AccessCount);
        Assert.Equal(6.0, after.BaseImportance, 9);
        Assert.Equal(6, after.Importance);
    }
}
