using System.Runtime.InteropServices;

namespace PeroCore.Memory.Graph;

/// <summary>Bulk construction of a compact <see cref="MemoryGraphSnapshot"/> from node and edge lists.</summary>
internal static class GraphBuilder
{
    /// <summary>
    /// Builds the snapshot. Node ids are de-duplicated and sorted (slot order = id order, which keeps the
    /// time chain local in memory). Edges whose ends are not both nodes, self-loops, and relation rows whose
    /// strength is not a positive finite number are skipped. Duplicate time links are counted once; relation
    /// rows between the same two memories, in either direction, are summed.
    /// </summary>
    public static MemoryGraphSnapshot Build(
        IEnumerable<long> nodes,
        IEnumerable<(long PrevId, long NextId)> timeLinks,
        IEnumerable<(long Source, long Target, float Strength)> relations,
        MemoryGraphOptions options)
    {
        var ids = nodes.ToArray();
        Array.Sort(ids);
        var count = Unique(ids);
        Array.Resize(ref ids, count);
        var map = IdSlotMap.Build(ids);

        // Time links: key = prevSlot << 32 | nextSlot, sorted and de-duplicated.
        var timeKeys = new List<long>();
        foreach (var (prevId, nextId) in timeLinks)
        {
            if (map.TryGetSlot(prevId, out var p) && map.TryGetSlot(nextId, out var n) && p != n)
            {
                timeKeys.Add(((long)p << 32) | (uint)n);
            }
        }

        var timeSpan = CollectionsMarshal.AsSpan(timeKeys);
        timeSpan.Sort();
        var timeCount = Unique(timeSpan);

        // Relations: key = minSlot << 32 | maxSlot with the summed weight.
        var relationKeys = new List<long>();
        var relationWeights = new List<float>();
        foreach (var (source, target, strength) in relations)
        {
            if (!float.IsFinite(strength) || strength <= 0
                || !map.TryGetSlot(source, out var s) || !map.TryGetSlot(target, out var t) || s == t)
            {
                continue;
            }

            var (a, b) = s < t ? (s, t) : (t, s);
            relationKeys.Add(((long)a << 32) | (uint)b);
            relationWeights.Add(options.RelationWeight * strength);
        }

        var keySpan = CollectionsMarshal.AsSpan(relationKeys);
        var weightSpan = CollectionsMarshal.AsSpan(relationWeights);
        keySpan.Sort(weightSpan);
        var relationCount = SumDuplicates(keySpan, weightSpan);

        var degree = new int[count + 1];
        foreach (var key in timeSpan[..timeCount])
        {
            degree[(int)(key >> 32)]++;
            degree[(int)(uint)key]++;
        }

        foreach (var key in keySpan[..relationCount])
        {
            degree[(int)(key >> 32)]++;
            degree[(int)(uint)key]++;
        }

        var offsets = new int[count + 1];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = (int)total;
            total += degree[i];
            if (total > Array.MaxLength)
            {
                throw new InvalidOperationException("The graph has more adjacency entries than one array can hold.");
            }
        }

        offsets[count] = (int)total;
        var edges = new GraphEdge[total];
        var cursor = degree; // reuse as fill positions
        Array.Copy(offsets, cursor, count + 1);
        foreach (var key in timeSpan[..timeCount])
        {
            var p = (int)(key >> 32);
            var n = (int)(uint)key;
            edges[cursor[p]++] = new GraphEdge(n, options.TimeWeight, GraphEdgeKind.TimeNext);
            edges[cursor[n]++] = new GraphEdge(p, options.TimeWeight, GraphEdgeKind.TimePrevious);
        }

        for (var i = 0; i < relationCount; i++)
        {
            var a = (int)(keySpan[i] >> 32);
            var b = (int)(uint)keySpan[i];
            edges[cursor[a]++] = new GraphEdge(b, weightSpan[i], GraphEdgeKind.Relation);
            edges[cursor[b]++] = new GraphEdge(a, weightSpan[i], GraphEdgeKind.Relation);
        }

        for (var i = 0; i < count; i++)
        {
            var length = offsets[i + 1] - offsets[i];
            if (length > 1)
            {
                edges.AsSpan(offsets[i], length).Sort(default(GraphEdgeOrder));
            }
        }

        return MemoryGraphSnapshot.CreateCompact(options, 0, ids, offsets, edges);
    }

    private static int Unique(Span<long> sorted)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var count = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[count - 1])
            {
                sorted[count++] = sorted[i];
            }
        }

        return count;
    }

    private static int SumDuplicates(Span<long> keys, Span<float> weights)
    {
        if (keys.IsEmpty)
        {
            return 0;
        }

        var count = 1;
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] == keys[count - 1])
            {
                weights[count - 1] += weights[i];
            }
            else
            {
                keys[count] = keys[i];
                weights[count] = weights[i];
                count++;
            }
        }

        return count;
    }
}
