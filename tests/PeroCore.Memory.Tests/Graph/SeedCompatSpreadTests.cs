using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>The §10 retrieval scenarios of spec/memory.md, reproduced with the SeedCompat preset.</summary>
public class SeedCompatSpreadTests
{
    private const float Tolerance = 1e-4f;
    private readonly SpreadingActivationEngine _engine = new();

    private static IEnumerable<(long PrevId, long NextId)> Chain(long first, long last)
    {
        for (var id = first; id < last; id++)
        {
            yield return (id, id + 1);
        }
    }

    private static long[] Range(long first, long last) =>
        Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i).ToArray();

    [Fact]
    public void T13_consecutive_anchors_exchange_point_four_of_each_other()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], []);

        var result = _engine.Spread(graph.Current, [(1, 0.9f), (2, 0.5f)], SpreadOptions.SeedCompat);

        Assert.Equal(1.1f, result.GetActivation(1), Tolerance);
        Assert.Equal(0.86f, result.GetActivation(2), Tolerance);
        Assert.Equal([1L, 2L], result.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void T14_relation_between_isolated_anchors_counts_once()
    {
        var graph = MemoryGraph.Build([1, 2], [], [(1, 2, 0.6f)]);

        var result = _engine.Spread(graph.Current, [(1, 0.8f), (2, 0.3f)], SpreadOptions.SeedCompat);

        Assert.Equal(0.89f, result.GetActivation(1), Tolerance);
        Assert.Equal(0.54f, result.GetActivation(2), Tolerance);
    }

    [Fact]
    public void T16_top20_anchors_of_a_chain_and_the_non_anchor_is_not_returned()
    {
        // M1..M22 chained; M1 s=0.0 (not an anchor), M2 0.95, M3..M22 0.60 down to 0.41.
        var graph = MemoryGraph.Build(Range(1, 22), Chain(1, 22), []);
        var seeds = new List<(long Id, float Energy)> { (2, 0.95f) };
        for (var i = 3; i <= 21; i++)
        {
            seeds.Add((i, 0.60f - (0.01f * (i - 3))));
        }

        var result = _engine.Spread(graph.Current, seeds, SpreadOptions.SeedCompat);

        Assert.Equal(20, result.Nodes.Count);
        Assert.Equal(1.216f, result.GetActivation(3), Tolerance);
        Assert.Equal(1.19f, result.GetActivation(2), Tolerance);
        Assert.Equal(1.062f, result.GetActivation(4), Tolerance);
        Assert.Equal([3L, 2L, 4L, 5L, 6L], result.Nodes.Take(5).Select(n => n.Id));
        Assert.False(result.TryGetActivation(1, out _));
        Assert.False(result.TryGetActivation(22, out _));
        Assert.All(result.Nodes, n => Assert.True(n.IsSeed));

        // The non-anchors did receive energy internally (M1: 0.2 × 0.95 once), they are only filtered out.
        var everything = _engine.Spread(graph.Current, seeds, SpreadOptions.SeedCompat with { AnchorsOnly = false });
        Assert.Equal(0.19f, everything.GetActivation(1), Tolerance);
        Assert.Equal(0.2f * 0.42f, everything.GetActivation(22), Tolerance);
        Assert.Equal(22, everything.ActivatedCount);
        Assert.Equal(22, result.ActivatedCount);
    }

    [Fact]
    public void T17_excluded_memory_gives_nothing_and_all_three_exchange_when_present()
    {
        var graph = MemoryGraph.Build([1, 2, 3], Chain(1, 3), []);

        var excluded = _engine.Spread(graph.Current, [(1, 0.7f), (2, 0.6f)], SpreadOptions.SeedCompat);
        Assert.Equal(0.94f, excluded.GetActivation(1), Tolerance);
        Assert.Equal(0.88f, excluded.GetActivation(2), Tolerance);
        Assert.Equal(2, excluded.Nodes.Count);

        var all = _engine.Spread(graph.Current, [(1, 0.7f), (2, 0.6f), (3, 0.9f)], SpreadOptions.SeedCompat);
        Assert.Equal(0.94f, all.GetActivation(1), Tolerance);
        Assert.Equal(0.6f + (0.4f * 0.7f) + (0.4f * 0.9f), all.GetActivation(2), Tolerance);
        Assert.Equal(0.9f + (0.4f * 0.6f), all.GetActivation(3), Tolerance);
        Assert.Equal(1.14f, all.GetActivation(3), Tolerance);
    }

    [Fact]
    public void T19_activation_is_capped_at_ten()
    {
        // X (id 100, s 0.2) and 19 anchors with s 1.0, each with two relation rows to X (both directions).
        var relations = new List<(long, long, float)>();
        for (long i = 1; i <= 19; i++)
        {
            relations.Add((100, i, 1.0f));
            relations.Add((i, 100, 1.0f));
        }

        var graph = MemoryGraph.Build(Range(1, 19).Append(100), [], relations);
        var seeds = Range(1, 19).Select(i => (i, 1.0f)).Append((100L, 0.2f)).ToList();

        var result = _engine.Spread(graph.Current, seeds, SpreadOptions.SeedCompat);

        Assert.Equal(10.0f, result.GetActivation(100), Tolerance);
        Assert.Equal(100, result.Nodes[0].Id);
        for (long i = 1; i <= 19; i++)
        {
            Assert.Equal(1.2f, result.GetActivation(i), Tolerance);
        }
    }

    [Fact]
    public void Seeds_below_the_emission_threshold_do_not_emit_but_are_returned()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], []);

        var result = _engine.Spread(graph.Current, [(1, 0.009f), (2, 0.5f)], SpreadOptions.SeedCompat);

        Assert.Equal(0.009f + (0.4f * 0.5f), result.GetActivation(1), Tolerance);
        Assert.Equal(0.5f, result.GetActivation(2), Tolerance);
    }

    [Fact]
    public void Relation_and_time_edge_between_the_same_anchors_both_count()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], [(2, 1, 1.0f)]);

        var result = _engine.Spread(graph.Current, [(1, 1.0f), (2, 0.5f)], SpreadOptions.SeedCompat);

        Assert.Equal(1.0f + (0.5f * 0.4f) + (0.5f * 0.5f), result.GetActivation(1), Tolerance);
        Assert.Equal(0.5f + 0.4f + 0.5f, result.GetActivation(2), Tolerance);
    }

    [Fact]
    public void Relation_between_two_non_anchors_is_ignored_in_later_steps()
    {
        // Two steps: anchor 1 → non-anchor 2 (relation) → non-anchor 3 (relation). The original's graph holds
        // only edges touching an anchor, so 3 never receives energy; 2 sends back to 1 in step 2.
        var graph = MemoryGraph.Build([1, 2, 3], [], [(1, 2, 1.0f), (2, 3, 1.0f)]);

        var result = _engine.Spread(
            graph.Current, [(1, 1.0f)], SpreadOptions.SeedCompat with { Steps = 2, AnchorsOnly = false });

        Assert.Equal(1.0f + (0.5f * 0.5f), result.GetActivation(1), Tolerance); // step 2: 2 emits its 0.5 back
        Assert.Equal(0.5f + 0.5f, result.GetActivation(2), Tolerance);
        Assert.False(result.TryGetActivation(3, out _));
    }
}
