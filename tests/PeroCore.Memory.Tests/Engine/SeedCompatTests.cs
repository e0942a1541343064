using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The §10 retrieval scenarios of spec/memory.md under the SeedCompat preset.</summary>
public sealed class SeedCompatTests
{
    private const int Precision = 4;

    [Fact]
    public async Task T10_single_isolated_memory()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("A", 0.8);
        await using var h = await EngineHarness.StartAsync(e);
        await h.AddAsync("A", 10 * EngineHarness.Day, importance: 5);
        var m = Assert.Single((await h.RecallAsync()).Memories);
        Assert.Equal(0.8, m.Score.Activation, Precision);
        Assert.Equal(0.679180, m.Score.Final, Precision);
    }

    [Fact]
    public async Task T11_recency_bonus()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("A", 0.5);
        await using var h = await EngineHarness.StartAsync(e);
        await h.AddAsync("A", TimeSpan.FromHours(6));
        var m = Assert.Single((await h.RecallAsync()).Memories);
        Assert.Equal(0.15, m.Score.Recency, Precision);
        Assert.Equal(0.529828, m.Score.Final, Precision);
    }

    [Fact]
    public async Task T08_old_but_important_ranks_first()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("A", 0.9);
        e.Set("B", 0.6);
        e.Set("C", 0.3);
        await using var h = await EngineHarness.StartAsync(e);
        await h.AddAsync("A", 60 * EngineHarness.Day, importance: 9);
        await h.AddAsync("C", 2 * EngineHarness.Day, importance: 5);
        await h.AddAsync("B", TimeSpan.FromMinutes(30), importance: 2);
        await h.IsolateAllAsync();
        var r = (await h.RecallAsync()).Memories;
        Assert.Equal(["A", "B", "C"], r.Select(m => m.Memory.Content));
        Assert.Equal([0.697926, 0.675805, 0.353256], r.Select(m => Math.Round(m.Score.Final, 6)));
    }

    [Fact]
    public async Task T13_consecutive_anchors_exchange_point_four()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("A", 0.9);
        e.Set("B", 0.5);
        await using var h = await EngineHarness.StartAsync(e);
        await h.AddAsync("A", 10 * EngineHarness.Day, importance: 5);
        await h.AddAsync("B", (10 * EngineHarness.Day) - TimeSpan.FromMinutes(1), importance: 5);
        var r = (await h.RecallAsync()).Memories.ToDictionary(m => m.Memory.Content);
        Assert.Equal(1.1, r["A"].Score.Activation, Precision);
        Assert.Equal(0.86, r["B"].Score.Activation, Precision);
        Assert.Equal(0.889180, r["A"].Score.Final, Precision);
        Assert.Equal(0.721182, r["B"].Score.Final, Precision);
    }

    [Fact]
    public async Task T14_relation_boost_between_isolated_anchors()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("A", 0.8);
        e.Set("C", 0.3);
        await using var h = await EngineHarness.StartAsync(e);
        var a = await h.AddAsync("A", 100 * EngineHarness.Day);
        var c = await h.AddAsync("C", 100 * EngineHarness.Day);
        await h.IsolateAllAsync();
        await h.Engine.RelateAsync(a.Id, c.Id, "causal", 0.6);
        var r = (await h.RecallAsync()).Memories.ToDictionary(m => m.Memory.Content);
        Assert.Equal(0.89, r["A"].Score.Activation, Precision);
        Assert.Equal(0.54, r["C"].Score.Activation, Precision);
        Assert.Equal(0.626008, r["A"].Score.Final, Precision);
        Assert.Equal(0.381008, r["C"].Score.Final, Precision);
    }

    [Fact]
    public async Task T16_non_anchors_are_never_surfaced()
    {
        var e = new ScriptedEmbeddingGenerator();
        var scores = new double[22];
        scores[0] = 0.0;
        scores[1] = 0.95;
        for (var i = 2; i < 22; i++)
        {
            scores[i] = 0.60 - ((i - 2) * 0.01);
        }

        for (var i = 0; i < 22; i++)
        {
            e.Set($"M{i + 1}", scores[i]);
        }

        await using var h = await EngineHarness.StartAsync(e);
        for (var i = 0; i < 22; i++)
        {
            await h.AddAsync($"M{i + 1}", (30 * EngineHarness.Day) - TimeSpan.FromMinutes(i));
        }

        var r = (await h.RecallAsync()).Memories;
        Assert.Equal(["M3", "M2", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M11"], r.Select(m => m.Memory.Content));
        Assert.Equal([0.866248, 0.848047, 0.758448, 0.745848, 0.733248, 0.720649, 0.708049, 0.695449, 0.682849, 0.670250],
            r.Select(m => Math.Round(m.Score.Final, 6)));
        Assert.Equal(1.216, r[0].Score.Activation, Precision);
        Assert.Equal(1.19, r[1].Score.Activation, Precision);
        Assert.Equal(1.062, r[2].Score.Activation, Precision);

        var all = await h.RecallAsync(limit: 30);
        Assert.DoesNotContain(all.Memories, m => m.Memory.Content is "M1" or "M22");
    }

    [Fact]
    public async Task T17_excluding_recent_memories()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("M1", 0.7);
        e.Set("M2", 0.6);
        e.Set("M3", 0.9);
        await using var h = await EngineHarness.StartAsync(e);
        await h.AddAsync("M1", 10 * EngineHarness.Day);
        await h.AddAsync("M2", 2 * EngineHarness.Day);
        await h.AddAsync("M3", TimeSpan.FromHours(1));

        var excluded = (await h.RecallAsync(filter: new RecallFilter { Until = EngineHarness.Now - EngineHarness.Day })).Memories;
        Assert.Equal(["M1", "M2"], excluded.Select(m => m.Memory.Content));
        Assert.Equal([0.94, 0.88], excluded.Select(m => Math.Round(m.Score.Activation, 4)));
        Assert.Equal([0.681836, 0.644651], excluded.Select(m => Math.Round(m.Score.Final, 6)));

        var all = (await h.RecallAsync()).Memories;
        Assert.Equal(["M3", "M2", "M1"], all.Select(m => m.Memory.Content));
        Assert.Equal([1.019638, 0.896651, 0.681836], all.Select(m => Math.Round(m.Score.Final, 6)));
    }

    [Fact]
    public async Task T19_activation_is_capped_at_ten()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("X", 0.2);
        for (var i = 0; i < 19; i++)
        {
            e.Set($"A{i}", 1.0);
        }

        await using var h = await EngineHarness.StartAsync(e);
        var x = await h.AddAsync("X", 100 * EngineHarness.Day);
        var anchors = new List<long>();
        for (var i = 0; i < 19; i++)
        {
            anchors.Add((await h.AddAsync($"A{i}", 100 * EngineHarness.Day)).Id);
        }

        await h.IsolateAllAsync();
        foreach (var a in anchors)
        {
            await h.Engine.RelateAsync(x.Id, a, "associative", 1.0);
            await h.Engine.RelateAsync(a, x.Id, "associative", 1.0);
        }

        var r = (await h.RecallAsync(limit: 20)).Memories.ToDictionary(m => m.Memory.Content);
        Assert.Equal(10.0, r["X"].Score.Activation, Precision);
        Assert.Equal(7.0, r["X"].Score.Final, 2);
        Assert.All(anchors.Select((_, i) => r[$"A{i}"]), m => Assert.Equal(1.2, m.Score.Activation, Precision));
    }

    [Fact]
    public async Task T20_a_negative_cosine_counts_as_zero_but_stays_an_anchor()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("opposite", -1.0);
        await using var h = await EngineHarness.StartAsync(e);
        await h.AddAsync("opposite", 10 * EngineHarness.Day, importance: 10);
        var m = Assert.Single((await h.RecallAsync()).Memories);
        Assert.Equal(0, m.Score.Activation, Precision);
        Assert.Equal(0.3 * Math.Exp(-0.023 * 10), m.Score.Final, Precision);
    }
}
