using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>
/// The bounded aggregations: a memory reached through the graph never holds more activation than the strongest
/// memory that fed it (times the decay), however many similar neighbours feed it.
/// </summary>
public class BoundedSpreadTests
{
    private const float Tolerance = 1e-5f;
    private readonly SpreadingActivationEngine _engine = new();

    [Fact]
    public void A_hub_fed_by_many_near_duplicates_stays_below_the_strongest_seed()
    {
        // Seed 1 is the exact match (0.76); 2..40 are near-duplicates (0.7) all related to hub 100, as is seed 1.
        var ids = Enumerable.Range(1, 40).Select(i => (long)i).Append(100).ToArray();
        var relations = Enumerable.Range(1, 40).Select(i => ((long)i, 100L, 1f)).ToList();
        var graph = MemoryGraph.Build(ids, [], relations);
        var seeds = Enumerable.Range(1, 40).Select(i => ((long)i, i == 1 ? 0.76f : 0.7f)).ToList();
        var options = SpreadOptions.Default with { Steps = 1, Decay = 1f };

        var summed = _engine.Spread(graph.Current, seeds, options with { Aggregation = SpreadAggregation.Sum });
        var saturated = _engine.Spread(graph.Current, seeds, options);
        var max = _engine.Spread(graph.Current, seeds, options with { Aggregation = SpreadAggregation.Max });

        Assert.True(summed.GetActivation(100) > 0.76f, "the plain sum lifts the hub above the exact match (the bug this fixes)");
        Assert.Equal(100, summed.Nodes[0].Id);
        Assert.True(saturated.GetActivation(100) <= 0.76f + Tolerance);
        Assert.True(saturated.GetActivation(100) > 0.76f * 0.5f, "more neighbours still count: above the single strongest contribution");
        Assert.Equal(0.76f * 0.5f, max.GetActivation(100), Tolerance); // relation weight 0.5 × strength 1
        Assert.Equal(1, saturated.Nodes[0].Id);
        Assert.Equal(1, max.Nodes[0].Id);
    }

    [Fact]
    public void Saturating_follows_its_formula()
    {
        // Non-seed 3 receives 0.8 × 0.5 = 0.4 from seed 1 and 0.6 × 0.5 = 0.3 from seed 2; bound 0.8.
        var graph = MemoryGraph.Build([1, 2, 3], [], [(1, 3, 1f), (2, 3, 1f)]);

        var result = _engine.Spread(graph.Current, [(1, 0.8f), (2, 0.6f)], SpreadOptions.Default with { Steps = 1, Decay = 1f });

        var expected = 0.4f + ((0.8f - 0.4f) * (1 - MathF.Exp(-0.3f / 0.8f)));
        Assert.Equal(expected, result.GetActivation(3), Tolerance);
    }

    [Fact]
    public void A_seed_keeps_its_own_energy_and_is_not_lowered_by_weaker_neighbours()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], []);

        var result = _engine.Spread(graph.Current, [(1, 0.9f), (2, 0.5f)], SpreadOptions.Default with { Steps = 1 });

        Assert.Equal(0.9f, result.GetActivation(1), Tolerance);
        Assert.Equal(0.5f, result.GetActivation(2), Tolerance);
    }

    [Theory]
    [InlineData(SpreadAggregation.Saturating, 1)]
    [InlineData(SpreadAggregation.Saturating, 2)]
    [InlineData(SpreadAggregation.Saturating, 3)]
    [InlineData(SpreadAggregation.Max, 1)]
    [InlineData(SpreadAggregation.Max, 3)]
    public void On_random_graphs_no_node_passes_the_strongest_neighbour_that_could_have_fed_it(SpreadAggregation aggregation, int steps)
    {
        var random = new Random(20261202 + steps + (int)aggregation);
        for (var round = 0; round < 200; round++)
        {
            var n = random.Next(2, 60);
            var ids = Enumerable.Range(1, n).Select(i => (long)i).ToArray();
            var relations = new List<(long, long, float)>();
            for (var e = random.Next(0, 4 * n); e > 0; e--)
            {
                relations.Add((random.Next(1, n + 1), random.Next(1, n + 1), (float)random.NextDouble() * 2));
            }

            var timeLinks = Enumerable.Range(1, n - 1).Where(_ => random.NextDouble() < 0.5).Select(i => ((long)i, (long)i + 1)).ToList();
            var graph = MemoryGraph.Build(ids, timeLinks, relations);
            var seeds = ids.Where(_ => random.NextDouble() < 0.3).Select(id => (id, (float)random.NextDouble())).ToList();
            var options = SpreadOptions.Default with
            {
                Steps = steps, Decay = (float)(0.3 + (0.7 * random.NextDouble())), Aggregation = aggregation,
                EmissionThreshold = 0, MaxActivatedNodes = 0, MaxFanOut = 0, MaxFrontier = 0,
            };

            var result = _engine.Spread(graph.Current, seeds, options);

            var seedEnergy = seeds.GroupBy(s => s.id).ToDictionary(g => g.Key, g => g.Sum(s => s.Item2));
            var strongestSeed = seedEnergy.Values.DefaultIfEmpty(0).Max();
            foreach (var node in result.Nodes)
            {
                // A node never passes max(its own energy, decay × its most activated neighbour).
                var neighbours = graph.Current.GetNeighbors(node.Id).Select(x => result.TryGetActivation(x.Id, out var a) ? a : 0).DefaultIfEmpty(0).Max();
                var own = seedEnergy.GetValueOrDefault(node.Id);
                Assert.True(node.Activation <= Math.Max(own, options.Decay * neighbours) + Tolerance,
                    $"round {round}: node {node.Id} holds {node.Activation}, own {own}, strongest neighbour {neighbours}");
                if (!node.IsSeed)
                {
                    // A memory reached only through the graph never outranks every seed.
                    Assert.True(node.Activation <= (options.Decay * strongestSeed) + Tolerance);
                }
            }
        }
    }
}
