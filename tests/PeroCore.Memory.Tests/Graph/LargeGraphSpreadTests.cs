using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>A generated 200k-node graph shared by the tests of this class.</summary>
public sealed class LargeGraphFixture
{
    public const int NodeCount = 200_000;

    public LargeGraphFixture()
    {
        var random = new Random(20261125);
        var ids = new List<long>(NodeCount);
        var id = 1000L;
        while (ids.Count < NodeCount)
        {
            id += random.NextDouble() < 0.05 ? 2 : 1; // AUTOINCREMENT with holes from deletes
            ids.Add(id);
        }

        Ids = ids;
        for (var i = 0; i + 1 < ids.Count; i++)
        {
            NextOf[ids[i]] = ids[i + 1];
            PrevOf[ids[i + 1]] = ids[i];
        }

        for (var i = 0; i < NodeCount * 4; i++)
        {
            var i0 = random.Next(ids.Count);
            var a = ids[i0];
            // Mostly local links (memories close in time), some long-range ones.
            var b = random.NextDouble() < 0.7
                ? ids[Math.Clamp(i0 + random.Next(-50, 51), 0, ids.Count - 1)]
                : ids[random.Next(ids.Count)];
            Relations.Add((a, b, (float)Math.Round(0.05 + (0.95 * random.NextDouble()), 3)));
        }

        // Duplicate rows, in both directions.
        for (var i = 0; i < 20_000; i++)
        {
            var (s, t, strength) = Relations[random.Next(Relations.Count)];
            Relations.Add(random.Next(2) == 0 ? (s, t, strength) : (t, s, strength * 0.5f));
        }

        Graph = MemoryGraph.Build(ids, ids.Zip(ids.Skip(1)), Relations);
        var seedRandom = new Random(7);
        for (var q = 0; q < 12; q++)
        {
            var seeds = new Dictionary<long, float>();
            var start = seedRandom.Next(ids.Count - 30);
            seeds[ids[start]] = 0.95f; // a few consecutive anchors, as recall produces
            seeds[ids[start + 1]] = 0.7f;
            while (seeds.Count < 20)
            {
                seeds[ids[seedRandom.Next(ids.Count)]] = (float)Math.Round(0.2 + (0.7 * seedRandom.NextDouble()), 3);
            }

            SeedSets.Add(seeds.Select(kv => (kv.Key, kv.Value)).ToList());
        }
    }

    public IReadOnlyList<long> Ids { get; }

    public Dictionary<long, long> PrevOf { get; } = [];

    public Dictionary<long, long> NextOf { get; } = [];

    public List<(long Source, long Target, float Strength)> Relations { get; } = [];

    public MemoryGraph Graph { get; }

    public List<List<(long Id, float Energy)>> SeedSets { get; } = [];
}

/// <summary>Correctness properties on a 200k-node graph (no timing).</summary>
public class LargeGraphSpreadTests(LargeGraphFixture fixture) : IClassFixture<LargeGraphFixture>
{
    private readonly SpreadingActivationEngine _engine = new();

    private static void AssertSame(Dictionary<long, float> expected, SpreadResult actual)
    {
        Assert.Equal(expected.Count, actual.Nodes.Count);
        foreach (var (id, value) in expected)
        {
            Assert.True(actual.TryGetActivation(id, out var got), $"missing {id}");
            Assert.True(Math.Abs(value - got) <= 1e-5f * Math.Max(1f, value), $"{id}: expected {value}, got {got}");
        }
    }

    [Fact]
    public void Graph_has_the_generated_size()
    {
        var s = fixture.Graph.Current;
        Assert.Equal(LargeGraphFixture.NodeCount, s.NodeCount);
        var relationPairs = fixture.Relations
            .Where(r => r.Source != r.Target)
            .Select(r => (Math.Min(r.Source, r.Target), Math.Max(r.Source, r.Target)))
            .Distinct()
            .Count();
        Assert.Equal(relationPairs + LargeGraphFixture.NodeCount - 1, s.EdgeCount);
    }

    [Theory]
    [InlineData(1, 32, SpreadAggregation.Saturating)]
    [InlineData(2, 32, SpreadAggregation.Saturating)]
    [InlineData(3, 32, SpreadAggregation.Saturating)]
    [InlineData(3, 0, SpreadAggregation.Saturating)]
    [InlineData(3, 32, SpreadAggregation.Max)]
    [InlineData(1, 32, SpreadAggregation.Sum)]
    [InlineData(3, 32, SpreadAggregation.Sum)]
    [InlineData(3, 0, SpreadAggregation.Sum)]
    public void Frontier_rule_matches_the_reference(int steps, int fanOut, SpreadAggregation aggregation)
    {
        var options = SpreadOptions.Default with
        {
            Steps = steps, MaxFanOut = fanOut, MaxActivatedNodes = 0, MaxFrontier = 0, EmissionThreshold = 0.02f, Aggregation = aggregation,
        };
        foreach (var seeds in fixture.SeedSets)
        {
            var expected = ReferenceSpread.Frontier(fixture.Graph.Current, seeds, options);
            var actual = _engine.Spread(fixture.Graph.Current, seeds, options);
            AssertSame(expected, actual);
            Assert.Equal(expected.Count, actual.ActivatedCount);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SeedCompat_rule_matches_the_original_algorithm(int steps)
    {
        var options = SpreadOptions.SeedCompat with { Steps = steps, AnchorsOnly = false };
        foreach (var seeds in fixture.SeedSets.Take(steps == 1 ? 12 : 3))
        {
            var initial = seeds.ToDictionary(s => s.Id, s => s.Energy);
            var expected = ReferenceSpread.Original(fixture.Relations, fixture.PrevOf, fixture.NextOf, initial, steps, 1.0f);
            var actual = _engine.Spread(fixture.Graph.Current, seeds, options);
            AssertSame(expected, actual);
        }
    }

    [Fact]
    public void Default_results_satisfy_the_documented_properties()
    {
        var graph = fixture.Graph.Current;
        var options = SpreadOptions.Default with { Steps = 3 };
        foreach (var seeds in fixture.SeedSets)
        {
            var result = _engine.Spread(graph, seeds, options);

            Assert.InRange(result.Nodes.Count, 1, options.MaxActivatedNodes);
            Assert.True(result.ActivatedCount >= result.Nodes.Count);
            Assert.All(result.Nodes, n => Assert.InRange(n.Activation, 0f, options.Cap));
            for (var i = 1; i < result.Nodes.Count; i++)
            {
                var (a, b) = (result.Nodes[i - 1], result.Nodes[i]);
                Assert.True(a.Activation > b.Activation || (a.Activation == b.Activation && a.Id < b.Id));
            }

            var best = seeds.MaxBy(s => s.Energy);
            Assert.Equal(best.Id, result.Nodes[0].Id); // the strongest anchor is not demoted
            foreach (var (id, energy) in seeds)
            {
                if (result.TryGetActivation(id, out var activation))
                {
                    Assert.True(activation >= energy);
                    Assert.True(result.Nodes.Single(n => n.Id == id).IsSeed);
                }
            }

            // Every returned non-seed is within `Steps` hops of a seed.
            var reach = seeds.Select(s => s.Id).ToHashSet();
            var layer = reach.ToList();
            for (var step = 0; step < options.Steps; step++)
            {
                layer = layer.SelectMany(id => graph.GetNeighbors(id).Select(n => n.Id)).Where(reach.Add).ToList();
            }

            Assert.All(result.Nodes, n => Assert.Contains(n.Id, reach));
            Assert.Contains(result.Nodes, n => !n.IsSeed);
        }
    }

    [Fact]
    public void Concurrent_queries_on_one_engine_agree_with_sequential_ones()
    {
        var graph = fixture.Graph.Current;
        var expected = fixture.SeedSets.Select(s => _engine.Spread(graph, s).ToDictionary()).ToList();

        var failures = 0;
        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var k = i % fixture.SeedSets.Count;
            var got = _engine.Spread(graph, fixture.SeedSets[k]).ToDictionary();
            if (got.Count != expected[k].Count || got.Any(kv => expected[k][kv.Key] != kv.Value))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
