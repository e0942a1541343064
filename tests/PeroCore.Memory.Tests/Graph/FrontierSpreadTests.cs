using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>The Default preset: frontier propagation that surfaces non-seed memories.</summary>
public class FrontierSpreadTests
{
    private const float Tolerance = 1e-6f;
    /// <summary>The Default preset with plain sums, whose arithmetic these tests spell out (bounded rules: <see cref="BoundedSpreadTests"/>).</summary>
    private static readonly SpreadOptions Summing = SpreadOptions.Default with { Aggregation = SpreadAggregation.Sum };

    private readonly SpreadingActivationEngine _engine = new();

    [Fact]
    public void Default_preset_has_the_documented_values()
    {
        var d = SpreadOptions.Default;
        Assert.Equal(SpreadRule.Frontier, d.Rule);
        Assert.Equal(SpreadAggregation.Saturating, d.Aggregation);
        Assert.Equal(2, d.Steps);
        Assert.Equal(0.5f, d.Decay);
        Assert.Equal(0.05f, d.EmissionThreshold);
        Assert.Equal(10f, d.Cap);
        Assert.Equal(32, d.MaxFanOut);
        Assert.Equal(1024, d.MaxFrontier);
        Assert.Equal(200, d.MaxActivatedNodes);
        Assert.False(d.AnchorsOnly);
    }

    [Fact]
    public void Non_seed_neighbour_through_a_relation_gets_energy()
    {
        var graph = MemoryGraph.Build([1, 2, 3], [], [(1, 2, 0.8f)]);

        var result = _engine.Spread(graph, [(1, 0.9f)]); // the MemoryGraph overload takes the latest snapshot

        // 0.9 × (0.5 × 0.8) × decay 0.5
        Assert.Equal(0.9f * 0.4f * 0.5f, result.GetActivation(2), Tolerance);
        var neighbour = Assert.Single(result.Nodes, n => n.Id == 2);
        Assert.False(neighbour.IsSeed);
        Assert.False(result.TryGetActivation(3, out _));
    }

    [Fact]
    public void Two_hops_from_a_weak_seed_gets_nothing_under_the_threshold()
    {
        // weak seed 1 (0.1) – 2 – 3, all relations of strength 1 (weight 0.5).
        var graph = MemoryGraph.Build([1, 2, 3], [], [(1, 2, 1f), (2, 3, 1f)]);

        var result = _engine.Spread(graph.Current, [(1, 0.1f)]);

        Assert.Equal(0.1f * 0.5f * 0.5f, result.GetActivation(2), Tolerance); // 0.025 < 0.05: does not emit
        Assert.False(result.TryGetActivation(3, out _));
        Assert.Equal(2, result.ActivatedCount);
    }

    [Fact]
    public void Strong_seed_stays_highest()
    {
        // A strong seed with several weaker related seeds and a dense neighbourhood.
        var relations = new List<(long, long, float)>
        {
            (1, 2, 1f), (1, 3, 1f), (1, 4, 1f), (2, 3, 1f), (3, 4, 1f), (2, 5, 1f), (3, 5, 1f), (4, 5, 1f),
        };
        var graph = MemoryGraph.Build([1, 2, 3, 4, 5, 6], [(5, 6)], relations);

        var result = _engine.Spread(
            graph.Current, [(1, 0.9f), (2, 0.5f), (3, 0.5f), (4, 0.4f)], Summing with { Steps = 3 });

        Assert.Equal(1, result.Nodes[0].Id);
        Assert.True(result.Nodes[0].Activation > result.Nodes[1].Activation);
        Assert.Contains(result.Nodes, n => n.Id == 5 && !n.IsSeed);
    }

    [Fact]
    public void Time_edge_is_counted_once_between_seeds()
    {
        // The same link listed twice (as from A.next and from B.prev) is one edge.
        var graph = MemoryGraph.Build([1, 2], [(1, 2), (1, 2)], []);

        var result = _engine.Spread(graph.Current, [(1, 0.9f), (2, 0.5f)], Summing with { Steps = 1 });

        Assert.Equal(0.9f + (0.5f * 0.2f * 0.5f), result.GetActivation(1), Tolerance);
        Assert.Equal(0.5f + (0.9f * 0.2f * 0.5f), result.GetActivation(2), Tolerance);
    }

    [Fact]
    public void Time_neighbour_that_is_not_a_seed_is_surfaced()
    {
        var graph = MemoryGraph.Build([1, 2, 3], [(1, 2), (2, 3)], []);

        var result = _engine.Spread(graph.Current, [(2, 0.8f)], Summing with { Steps = 1 });

        Assert.Equal(0.8f * 0.2f * 0.5f, result.GetActivation(1), Tolerance);
        Assert.Equal(0.8f * 0.2f * 0.5f, result.GetActivation(3), Tolerance);
        Assert.Equal(0.8f, result.GetActivation(2), Tolerance);
    }

    [Fact]
    public void Nodes_emit_what_they_received_in_the_previous_step_not_their_whole_activation()
    {
        // A – B with weight 0.5, decay 0.5, no threshold: the echo goes back and forth with factor 0.25.
        var graph = MemoryGraph.Build([1, 2], [], [(1, 2, 1f)]);
        var options = Summing with { Steps = 3, EmissionThreshold = 0 };

        var result = _engine.Spread(graph.Current, [(1, 1f)], options);

        Assert.Equal(1f + 0.0625f, result.GetActivation(1), Tolerance); // step 2: B's 0.25 × 0.25
        Assert.Equal(0.25f + 0.015625f, result.GetActivation(2), Tolerance); // step 3: A's echo 0.0625 × 0.25
    }

    [Fact]
    public void Energy_reaches_two_hops_in_two_steps_and_three_hops_in_three()
    {
        var graph = MemoryGraph.Build([1, 2, 3, 4], [], [(1, 2, 1f), (2, 3, 1f), (3, 4, 1f)]);
        var options = Summing with { Decay = 1f, EmissionThreshold = 0.01f };

        var two = _engine.Spread(graph.Current, [(1, 1f)], options);
        var three = _engine.Spread(graph.Current, [(1, 1f)], options with { Steps = 3 });

        Assert.Equal(0.25f, two.GetActivation(3), Tolerance);
        Assert.False(two.TryGetActivation(4, out _));
        Assert.Equal(0.125f, three.GetActivation(4), Tolerance);
    }

    [Fact]
    public void Cap_limits_activation_and_the_increase_that_is_emitted()
    {
        var relations = Enumerable.Range(2, 30).Select(i => (1L, (long)i, 1f)).ToList();
        relations.Add((1, 100, 1f));
        var graph = MemoryGraph.Build(Enumerable.Range(1, 31).Select(i => (long)i).Append(100), [], relations);
        var options = Summing with { Decay = 1f, Cap = 2f, MaxFanOut = 0, EmissionThreshold = 0 };

        var result = _engine.Spread(graph.Current, Enumerable.Range(2, 30).Select(i => ((long)i, 1f)).ToList(), options);

        // Step 1: node 1 receives 30 × 0.5 = 15, capped at 2, so it emits 2 (not 15) in step 2.
        Assert.Equal(2f, result.GetActivation(1), Tolerance);
        Assert.Equal(2f * 0.5f, result.GetActivation(100), Tolerance);
    }

    [Fact]
    public void Fan_out_limit_keeps_the_heaviest_edges()
    {
        var graph = MemoryGraph.Build([1, 2, 3, 4], [], [(1, 2, 0.2f), (1, 3, 0.9f), (1, 4, 0.5f)]);

        var result = _engine.Spread(graph.Current, [(1, 1f)], Summing with { MaxFanOut = 2, Steps = 1 });

        Assert.True(result.TryGetActivation(3, out _));
        Assert.True(result.TryGetActivation(4, out _));
        Assert.False(result.TryGetActivation(2, out _));
    }

    [Fact]
    public void Frontier_limit_lets_only_the_strongest_nodes_emit()
    {
        // Seed 1 has ten neighbours 2..11 with strengths 0.1..1.0; each neighbour i has a private neighbour 100 + i.
        var relations = Enumerable.Range(2, 10).Select(i => (1L, (long)i, (i - 1) / 10f))
            .Concat(Enumerable.Range(2, 10).Select(i => ((long)i, 100L + i, 1f)))
            .ToList();
        var nodes = Enumerable.Range(1, 11).Concat(Enumerable.Range(102, 10)).Select(i => (long)i);
        var graph = MemoryGraph.Build(nodes, [], relations);
        var options = Summing with { MaxFrontier = 3, Decay = 1f, EmissionThreshold = 0, MaxActivatedNodes = 0 };

        var result = _engine.Spread(graph.Current, [(1, 1f)], options);

        Assert.Equal([109L, 110L, 111L], result.Nodes.Select(n => n.Id).Where(id => id >= 100).Order());
        var unlimited = _engine.Spread(graph.Current, [(1, 1f)], options with { MaxFrontier = 0 });
        Assert.Equal(10, unlimited.Nodes.Count(n => n.Id >= 100));
    }

    [Fact]
    public void Kth_largest_selection_agrees_with_sorting()
    {
        var random = new Random(1);
        for (var round = 0; round < 500; round++)
        {
            var values = Enumerable.Range(0, random.Next(1, 60)).Select(_ => (float)random.Next(0, 12)).ToArray();
            var k = random.Next(values.Length);
            var sorted = values.OrderDescending().ToArray();

            Assert.Equal(sorted[k], SpreadScratch.KthLargest(values.AsSpan(), k));
        }
    }

    [Fact]
    public void Max_activated_nodes_truncates_but_counts_everything()
    {
        var relations = Enumerable.Range(2, 9).Select(i => (1L, (long)i, i / 10f)).ToList();
        var graph = MemoryGraph.Build(Enumerable.Range(1, 10).Select(i => (long)i), [], relations);

        var result = _engine.Spread(graph.Current, [(1, 1f)], Summing with { MaxActivatedNodes = 4 });

        Assert.Equal(10, result.ActivatedCount);
        Assert.Equal([1L, 10L, 9L, 8L], result.Nodes.Select(n => n.Id));
        Assert.True(result.Nodes.Zip(result.Nodes.Skip(1)).All(p => p.First.Activation >= p.Second.Activation));
    }

    [Fact]
    public void Anchors_only_restricts_the_frontier_result_to_seeds()
    {
        var graph = MemoryGraph.Build([1, 2, 3], [(1, 2), (2, 3)], []);

        var result = _engine.Spread(graph.Current, [(1, 1f), (3, 1f)], Summing with { AnchorsOnly = true });

        Assert.Equal([1L, 3L], result.Nodes.Select(n => n.Id).Order());
        Assert.Equal(3, result.ActivatedCount);
    }

    [Fact]
    public void Unknown_duplicate_and_negative_seeds_are_handled()
    {
        var graph = MemoryGraph.Build([1, 2], [], [(1, 2, 1f)]);

        var result = _engine.Spread(graph.Current, [(1, 0.3f), (1, 0.2f), (99, 0.7f), (2, -1f), (98, float.NaN)], Summing);

        Assert.Equal(0.7f, result.GetActivation(99), Tolerance); // not in the graph: keeps its energy
        Assert.True(result.Nodes.Single(n => n.Id == 99).IsSeed);
        Assert.Equal(0f, result.GetActivation(98));
        Assert.True(result.TryGetActivation(98, out _));
        Assert.Equal(0.5f * 0.5f * 0.5f, result.GetActivation(2), Tolerance); // duplicates summed; negative = 0
        Assert.True(result.GetActivation(1) > 0.5f);
    }

    [Fact]
    public void Empty_seeds_and_empty_graph_give_an_empty_result()
    {
        var result = _engine.Spread(new MemoryGraph().Current, []);

        Assert.Empty(result.Nodes);
        Assert.Equal(0, result.ActivatedCount);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var graph = new MemoryGraph().Current;
        Assert.Throws<ArgumentOutOfRangeException>(() => _engine.Spread(graph, [], Summing with { Steps = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _engine.Spread(graph, [], Summing with { Steps = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _engine.Spread(graph, [], Summing with { Decay = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _engine.Spread(graph, [], Summing with { Cap = 0 }));
    }

    [Fact]
    public void Repeated_queries_on_one_engine_do_not_leak_state()
    {
        var graph = MemoryGraph.Build([1, 2, 3], [(1, 2), (2, 3)], [(1, 3, 1f)]);

        var first = _engine.Spread(graph.Current, [(1, 0.9f)]).ToDictionary();
        _ = _engine.Spread(graph.Current, [(3, 0.4f), (2, 0.2f)]);
        var again = _engine.Spread(graph.Current, [(1, 0.9f)]).ToDictionary();

        Assert.Equal(first, again);
    }
}
