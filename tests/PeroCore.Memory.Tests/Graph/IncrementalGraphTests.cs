using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>
/// Incremental updates checked against a model: after many random writes (with automatic compactions in
/// between) the graph must equal a bulk build of the model's final state; and readers running during writes
/// always see consistent snapshots.
/// </summary>
public class IncrementalGraphTests
{
    private static GraphEdgeKind Mirror(GraphEdgeKind kind) => kind switch
    {
        GraphEdgeKind.TimeNext => GraphEdgeKind.TimePrevious,
        GraphEdgeKind.TimePrevious => GraphEdgeKind.TimeNext,
        _ => GraphEdgeKind.Relation,
    };

    private static void AssertSymmetric(MemoryGraphSnapshot snapshot, long id)
    {
        foreach (var n in snapshot.GetNeighbors(id))
        {
            Assert.True(snapshot.Contains(n.Id), $"edge {id}→{n.Id} points to a missing node");
            var back = snapshot.GetNeighbors(n.Id).Where(b => b.Id == id && b.Kind == Mirror(n.Kind)).ToList();
            var single = Assert.Single(back);
            Assert.Equal(n.Weight, single.Weight);
        }
    }

    [Fact]
    public void Random_writes_give_the_same_graph_as_a_bulk_build()
    {
        var random = new Random(99);
        var options = new MemoryGraphOptions { MinCompactionEntries = 3000, CompactionRatio = 0.05 };
        var nodes = new SortedSet<long>();
        var prev = new Dictionary<long, long>();
        var next = new Dictionary<long, long>();
        var rows = new List<(long Source, long Target, float Strength)>();

        void Link(long p, long n)
        {
            next[p] = n;
            prev[n] = p;
        }

        for (long id = 1; id <= 10_000; id++)
        {
            nodes.Add(id);
            if (id > 1)
            {
                Link(id - 1, id);
            }
        }

        for (var i = 0; i < 30_000; i++)
        {
            rows.Add((random.NextInt64(1, 10_001), random.NextInt64(1, 10_001), random.Next(1, 11) / 10f));
        }

        rows.RemoveAll(r => r.Source == r.Target);
        var graph = MemoryGraph.Build(nodes, next.Select(kv => (kv.Key, kv.Value)), rows, options);
        var tail = 10_000L;
        var nextId = 10_001L;

        var list = nodes.ToList(); // refreshed every 200 operations: stale entries are harmless below
        for (var op = 0; op < 6_000; op++)
        {
            if (op % 200 == 0)
            {
                list = nodes.ToList();
            }

            switch (random.Next(6))
            {
                case 0: // append a memory with a few relations
                {
                    var id = nextId++;
                    var related = Enumerable.Range(0, random.Next(4)).Select(_ => list[random.Next(list.Count)]).Where(nodes.Contains).ToList();
                    var oldTail = tail;
                    graph.Edit(e =>
                    {
                        Assert.True(e.AddNode(id));
                        Assert.True(e.SetTimeLinks(id, oldTail, null));
                        foreach (var r in related)
                        {
                            Assert.True(e.AddRelation(id, r, 0.7f));
                        }
                    });
                    nodes.Add(id);
                    Link(oldTail, id);
                    tail = id;
                    rows.AddRange(related.Select(r => (id, r, 0.7f)));
                    break;
                }

                case 1: // insert a memory in the middle of the chain
                {
                    var a = list[random.Next(list.Count)];
                    if (!nodes.Contains(a) || !next.TryGetValue(a, out var b))
                    {
                        break;
                    }

                    var id = nextId++;
                    graph.Edit(e =>
                    {
                        e.AddNode(id);
                        Assert.True(e.SetTimeLinks(id, a, b));
                    });
                    nodes.Add(id);
                    Link(a, id);
                    Link(id, b);
                    break;
                }

                case 2: // delete a memory (not the tail, to keep the tail bookkeeping simple)
                {
                    var x = list[random.Next(list.Count)];
                    if (x == tail || !nodes.Contains(x))
                    {
                        break;
                    }

                    Assert.True(graph.RemoveNode(x));
                    nodes.Remove(x);
                    rows.RemoveAll(r => r.Source == x || r.Target == x);
                    var hasPrev = prev.Remove(x, out var p);
                    var hasNext = next.Remove(x, out var n);
                    if (hasPrev)
                    {
                        next.Remove(p);
                    }

                    if (hasNext)
                    {
                        prev.Remove(n);
                    }

                    if (hasPrev && hasNext)
                    {
                        Link(p, n);
                    }

                    break;
                }

                case 3: // remove one relation row
                {
                    if (rows.Count == 0)
                    {
                        break;
                    }

                    var index = random.Next(rows.Count);
                    var (s, t, strength) = rows[index];
                    Assert.True(random.Next(2) == 0 ? graph.RemoveRelation(s, t, strength) : graph.RemoveRelation(t, s, strength));
                    rows.RemoveAt(index);
                    break;
                }

                default: // add a relation row between existing memories
                {
                    var s = list[random.Next(list.Count)];
                    var t = list[random.Next(list.Count)];
                    var strength = random.Next(1, 11) / 10f;
                    var valid = s != t && nodes.Contains(s) && nodes.Contains(t);
                    Assert.Equal(valid, graph.AddRelation(s, t, strength));
                    if (valid)
                    {
                        rows.Add((s, t, strength));
                    }

                    break;
                }
            }
        }

        var expected = MemoryGraph.Build(nodes, next.Select(kv => (kv.Key, kv.Value)), rows, options).Current;
        var actual = graph.Current;
        Assert.True(actual.Version > 0);
        Assert.Equal(expected.NodeCount, actual.NodeCount);
        Assert.Equal(expected.EdgeCount, actual.EdgeCount);
        foreach (var id in nodes)
        {
            var e = expected.GetNeighbors(id).OrderBy(n => n.Id).ThenBy(n => n.Kind).ToList();
            var a = actual.GetNeighbors(id).OrderBy(n => n.Id).ThenBy(n => n.Kind).ToList();
            Assert.Equal(e.Select(n => (n.Id, n.Kind)), a.Select(n => (n.Id, n.Kind)));
            Assert.All(e.Zip(a), p => Assert.Equal(p.First.Weight, p.Second.Weight, 1e-4f));
        }

        var engine = new SpreadingActivationEngine();
        var seeds = nodes.Where((_, i) => i % 500 == 0).Select(id => (id, 0.8f)).ToList();
        var fromBulk = engine.Spread(expected, seeds, SpreadOptions.Default with { Steps = 3 });
        var fromEdits = engine.Spread(actual, seeds, SpreadOptions.Default with { Steps = 3 });
        Assert.Equal(fromBulk.Nodes.Select(n => n.Id), fromEdits.Nodes.Select(n => n.Id));
    }

    [Fact]
    public async Task Readers_see_consistent_snapshots_while_a_writer_works()
    {
        var graph = MemoryGraph.Build(
            Enumerable.Range(1, 2000).Select(i => (long)i),
            Enumerable.Range(1, 1999).Select(i => ((long)i, (long)i + 1)),
            Enumerable.Range(1, 1990).Select(i => ((long)i, (long)i + 7, 0.5f)),
            new MemoryGraphOptions { MinCompactionEntries = 500, CompactionRatio = 0.02 });
        var engine = new SpreadingActivationEngine();
        using var done = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            var random = new Random(5);
            var tail = 2000L;
            for (var op = 0; op < 3000; op++)
            {
                var id = 2001L + op;
                var related = random.NextInt64(1, id);
                var oldTail = tail;
                graph.Edit(e =>
                {
                    e.AddNode(id);
                    e.SetTimeLinks(id, oldTail, null);
                    e.AddRelation(id, related, 0.9f);
                });
                tail = id;
                if (op % 3 == 0)
                {
                    graph.RemoveNode(random.NextInt64(1, id - 1));
                }
            }

            done.Cancel();
        });

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var checkedSnapshots = 0;
            while (!done.IsCancellationRequested || checkedSnapshots == 0)
            {
                var snapshot = graph.Current;
                var ids = snapshot.GetNodeIds();
                Assert.Equal(snapshot.NodeCount, ids.Count);
                var seeds = Enumerable.Range(0, 20).Select(_ => (ids[random.Next(ids.Count)], 0.9f)).ToList();
                var result = engine.Spread(snapshot, seeds, SpreadOptions.Default with { Steps = 3 });
                foreach (var node in result.Nodes.Take(20))
                {
                    AssertSymmetric(snapshot, node.Id);
                }

                checkedSnapshots++;
            }

            return checkedSnapshots;
        })).ToArray();

        await writer;
        var counts = await Task.WhenAll(readers);
        Assert.All(counts, count => Assert.True(count > 0));

        var final = graph.Current;
        foreach (var id in final.GetNodeIds())
        {
            AssertSymmetric(final, id);
        }
    }
}
