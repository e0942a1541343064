using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>Slow, obviously-correct implementations used to check the engine.</summary>
internal static class ReferenceSpread
{
    /// <summary>The frontier rule written with dictionaries over the public neighbour API.</summary>
    public static Dictionary<long, float> Frontier(
        MemoryGraphSnapshot graph, IReadOnlyList<(long Id, float Energy)> seeds, SpreadOptions options)
    {
        var act = new Dictionary<long, float>();
        foreach (var (id, energy) in seeds)
        {
            act[id] = act.GetValueOrDefault(id) + Math.Max(energy, 0f);
        }

        var frontier = new List<(long Id, float Energy)>();
        foreach (var id in act.Keys.ToList())
        {
            act[id] = Math.Min(act[id], options.Cap);
            if (graph.Contains(id))
            {
                frontier.Add((id, act[id]));
            }
        }

        for (var step = 0; step < options.Steps; step++)
        {
            // Every contribution a node receives in this step, with the energy of the source that sent it.
            var received = new Dictionary<long, List<(float Contribution, float SourceEnergy)>>();
            foreach (var (id, energy) in frontier)
            {
                if (energy < options.EmissionThreshold || energy <= 0)
                {
                    continue;
                }

                IEnumerable<GraphNeighbor> neighbours = graph.GetNeighbors(id);
                if (options.MaxFanOut > 0)
                {
                    neighbours = neighbours.Take(options.MaxFanOut);
                }

                foreach (var n in neighbours)
                {
                    if (!received.TryGetValue(n.Id, out var list))
                    {
                        received[n.Id] = list = [];
                    }

                    list.Add((energy * n.Weight * options.Decay, energy));
                }
            }

            frontier = [];
            foreach (var (id, contributions) in received)
            {
                var before = act.GetValueOrDefault(id);
                var after = Math.Min(Combine(options, before, contributions), options.Cap);
                act[id] = after;
                if (after - before > 0)
                {
                    frontier.Add((id, after - before));
                }
            }
        }

        return act;
    }

    /// <summary>The activation after a step, per <see cref="SpreadAggregation"/>, written from its definition.</summary>
    private static float Combine(SpreadOptions options, float before, List<(float Contribution, float SourceEnergy)> contributions)
    {
        float sum = 0;
        foreach (var c in contributions)
        {
            sum += c.Contribution;
        }

        if (options.Aggregation == SpreadAggregation.Sum)
        {
            return before + sum;
        }

        var strongest = contributions.Max(c => c.Contribution);
        var bound = contributions.Max(c => c.SourceEnergy * options.Decay);
        var gained = options.Aggregation == SpreadAggregation.Max || bound - strongest <= 0 || sum - strongest <= 0
            ? strongest
            : strongest + ((bound - strongest) * (1 - MathF.Exp(-(sum - strongest) / bound)));
        return Math.Min(before + gained, Math.Max(before, bound));
    }

    /// <summary>
    /// The original engine, literally (spec/memory.md §3.3): a per-request graph of the relation rows
    /// touching an anchor plus each anchor's prev/next, inserted in both directions; every node in the
    /// current map emits.
    /// </summary>
    public static Dictionary<long, float> Original(
        IReadOnlyList<(long Source, long Target, float Strength)> relations,
        IReadOnlyDictionary<long, long> prevOf,
        IReadOnlyDictionary<long, long> nextOf,
        IReadOnlyDictionary<long, float> initial,
        int steps,
        float decay)
    {
        var adj = new Dictionary<long, List<(long, float)>>();
        void Add(long s, long t, float w)
        {
            if (!adj.TryGetValue(s, out var ls))
            {
                adj[s] = ls = [];
            }

            if (!adj.TryGetValue(t, out var lt))
            {
                adj[t] = lt = [];
            }

            ls.Add((t, w));
            lt.Add((s, w));
        }

        foreach (var (s, t, strength) in relations)
        {
            // Deliberate deviation: the graph drops self-relations, which the original would turn into a
            // node feeding itself twice its own energy.
            if (s != t && (initial.ContainsKey(s) || initial.ContainsKey(t)))
            {
                Add(s, t, strength * 0.5f);
            }
        }

        foreach (var a in initial.Keys)
        {
            if (prevOf.TryGetValue(a, out var p))
            {
                Add(a, p, 0.2f);
            }

            if (nextOf.TryGetValue(a, out var n))
            {
                Add(a, n, 0.2f);
            }
        }

        var cur = new Dictionary<long, float>(initial);
        for (var step = 0; step < steps; step++)
        {
            var next = new Dictionary<long, float>(cur);
            foreach (var (node, score) in cur)
            {
                if (score < 0.01f || !adj.TryGetValue(node, out var list))
                {
                    continue;
                }

                foreach (var (t, w) in list)
                {
                    next[t] = next.GetValueOrDefault(t) + (score * w * decay);
                }
            }

            cur = next.ToDictionary(kv => kv.Key, kv => Math.Min(kv.Value, 10f));
        }

        return cur;
    }
}
