namespace PeroCore.Memory.Graph;

/// <summary>
/// Spreads activation from seed memories (the recall anchors) over a <see cref="MemoryGraphSnapshot"/>.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: one engine serves any number of concurrent queries; share one per process. Each query rents
/// a scratch buffer (a 20-byte state per graph slot, validated by generation stamps) from a small lock-free
/// pool, so a query allocates only its result, never O(N), and visits only the nodes the energy reaches.
/// The pool keeps up to one buffer per processor (about 20 MB each for a million memories).
/// </para>
/// <para>
/// Arithmetic is float32. Seed energies that are negative or NaN count as 0. An id listed more than once
/// among the seeds has its energies added. A seed that is not a node of the graph keeps its own energy and
/// spreads nothing.
/// </para>
/// </remarks>
public sealed class SpreadingActivationEngine
{
    private readonly SpreadScratch?[] _pool = new SpreadScratch?[Math.Clamp(Environment.ProcessorCount, 2, 64)];

    /// <summary>
    /// Runs spreading activation.
    /// </summary>
    /// <param name="graph">The snapshot to spread over (take <see cref="MemoryGraph.Current"/> once per query).</param>
    /// <param name="seeds">The seed memories and their initial energies.</param>
    /// <param name="options">The parameters; <see cref="SpreadOptions.Default"/> when null.</param>
    /// <returns>The activated memories, most activated first, and the count of activated nodes.</returns>
    public SpreadResult Spread(
        MemoryGraphSnapshot graph,
        IReadOnlyList<(long Id, float Energy)> seeds,
        SpreadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(seeds);
        options ??= SpreadOptions.Default;
        options.Validate();

        var scratch = Rent();
        try
        {
            scratch.Begin(graph.SlotCount);
            var outside = AddSeeds(graph, seeds, scratch);
            if (options.Rule == SpreadRule.SeedCompat)
            {
                RunSeedCompat(graph, scratch, options);
            }
            else
            {
                RunFrontier(graph, scratch, options);
            }

            return CollectResult(graph, scratch, outside, options);
        }
        finally
        {
            Return(scratch);
        }
    }

    /// <summary>Runs spreading activation over the latest snapshot of <paramref name="graph"/>.</summary>
    /// <inheritdoc cref="Spread(MemoryGraphSnapshot, IReadOnlyList{ValueTuple{long, float}}, SpreadOptions?)"/>
    public SpreadResult Spread(
        MemoryGraph graph,
        IReadOnlyList<(long Id, float Energy)> seeds,
        SpreadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Spread(graph.Current, seeds, options);
    }

    private static Dictionary<long, float>? AddSeeds(
        MemoryGraphSnapshot graph, IReadOnlyList<(long Id, float Energy)> seeds, SpreadScratch scratch)
    {
        Dictionary<long, float>? outside = null;
        for (var i = 0; i < seeds.Count; i++)
        {
            var (id, energy) = seeds[i];
            if (!(energy > 0))
            {
                energy = 0; // negative and NaN energies count as 0
            }

            if (graph.TryGetLiveSlot(id, out var slot))
            {
                ref var node = ref scratch.Touch(slot);
                node.Activation += energy;
                node.IsSeed = true;
            }
            else
            {
                outside ??= [];
                outside[id] = outside.GetValueOrDefault(id) + energy;
            }
        }

        return outside;
    }

    /// <summary>The <see cref="SpreadRule.Frontier"/> rule; see its documentation.</summary>
    private static void RunFrontier(MemoryGraphSnapshot graph, SpreadScratch scratch, SpreadOptions options)
    {
        var cap = options.Cap;
        var threshold = options.EmissionThreshold;
        var decay = options.Decay;
        var fanOut = options.MaxFanOut;
        var maxFrontier = options.MaxFrontier;

        // Step 1 frontier: the seeds, each emitting its (capped) energy.
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            ref var seed = ref scratch.Nodes[scratch.Touched[i]];
            seed.Activation = Math.Min(seed.Activation, cap);
            scratch.AddFrontier(scratch.Touched[i], seed.Activation);
        }

        for (var step = 0; step < options.Steps && scratch.FrontierCount > 0; step++)
        {
            var nodes = scratch.Nodes;
            var receiveGeneration = ++scratch.ReceiveGeneration;
            scratch.ReceivedCount = 0;
            if (maxFrontier > 0 && scratch.FrontierCount > maxFrontier)
            {
                scratch.LimitFrontier(maxFrontier, threshold);
            }

            for (var i = 0; i < scratch.FrontierCount; i++)
            {
                var energy = scratch.FrontierEnergy[i];
                if (!(energy >= threshold) || energy <= 0)
                {
                    continue;
                }

                var edges = graph.GetEdges(scratch.Frontier[i]);
                if (fanOut > 0 && edges.Length > fanOut)
                {
                    edges = edges[..fanOut];
                }

                var bound = energy * decay;
                foreach (ref readonly var edge in edges)
                {
                    ref var target = ref nodes[edge.Target];
                    if (target.ReceiveStamp != receiveGeneration)
                    {
                        target.ReceiveStamp = receiveGeneration;
                        target.Received = 0;
                        target.ReceivedMax = 0;
                        target.ReceiveBound = 0;
                        SpreadScratch.Append(ref scratch.Received, ref scratch.ReceivedCount, edge.Target);
                    }

                    var contribution = energy * edge.Weight * decay;
                    target.Received += contribution;
                    target.ReceivedMax = Math.Max(target.ReceivedMax, contribution);
                    target.ReceiveBound = Math.Max(target.ReceiveBound, bound);
                }
            }

            for (var i = 0; i < scratch.ReceivedCount; i++)
            {
                var slot = scratch.Received[i];
                ref var node = ref scratch.Touch(slot);
                var before = node.Activation;
                var after = Math.Min(Receive(options.Aggregation, before, in node), cap);
                node.Activation = after;
                var increase = after - before;
                if (increase > 0)
                {
                    scratch.AddNext(slot, increase);
                }
            }

            scratch.SwapFrontier();
        }
    }

    /// <summary>
    /// A node's activation after the energy of one step arrives (<see cref="SpreadAggregation"/>). The bounded rules
    /// never raise it above what the strongest source of the step could give (its emitted energy × decay), nor
    /// lower it.
    /// </summary>
    private static float Receive(SpreadAggregation aggregation, float before, in SpreadScratch.NodeState node)
    {
        if (aggregation == SpreadAggregation.Sum)
        {
            return before + node.Received;
        }

        var bound = Math.Max(before, node.ReceiveBound);
        if (aggregation == SpreadAggregation.Max)
        {
            return Math.Min(before + node.ReceivedMax, bound);
        }

        // Saturating: the strongest contribution counts fully; the others fill what is left up to the bound,
        // with diminishing returns, so many weak neighbours approach the strongest source but never pass it.
        var strongest = node.ReceivedMax;
        var room = node.ReceiveBound - strongest;
        var rest = node.Received - strongest;
        var received = room > 0 && rest > 0
            ? strongest + (room * (1 - MathF.Exp(-rest / node.ReceiveBound)))
            : strongest;
        return Math.Min(before + received, bound);
    }

    /// <summary>The <see cref="SpreadRule.SeedCompat"/> rule; see its documentation.</summary>
    private static void RunSeedCompat(MemoryGraphSnapshot graph, SpreadScratch scratch, SpreadOptions options)
    {
        var cap = options.Cap;
        var threshold = options.EmissionThreshold;
        var decay = options.Decay;
        var fanOut = options.MaxFanOut;

        for (var step = 0; step < options.Steps; step++)
        {
            // Every active node emits its whole activation as it stood at the start of the step.
            scratch.FrontierCount = 0;
            for (var i = 0; i < scratch.TouchedCount; i++)
            {
                var slot = scratch.Touched[i];
                var activation = scratch.Nodes[slot].Activation;
                if (activation >= threshold && activation > 0)
                {
                    scratch.AddFrontier(slot, activation);
                }
            }

            for (var i = 0; i < scratch.FrontierCount; i++)
            {
                var source = scratch.Frontier[i];
                var score = scratch.FrontierEnergy[i];
                var sourceIsSeed = scratch.IsSeed(source);
                var edges = graph.GetEdges(source);
                if (fanOut > 0 && edges.Length > fanOut)
                {
                    edges = edges[..fanOut];
                }

                foreach (ref readonly var edge in edges)
                {
                    var targetIsSeed = scratch.IsSeed(edge.Target);
                    var multiplicity = edge.IsTime
                        ? (sourceIsSeed ? 1 : 0) + (targetIsSeed ? 1 : 0)
                        : (sourceIsSeed || targetIsSeed ? 1 : 0);
                    if (multiplicity == 0)
                    {
                        continue; // the original's per-request graph holds only edges touching an anchor
                    }

                    var contribution = score * edge.Weight * decay;
                    ref var target = ref scratch.Touch(edge.Target);
                    target.Activation += contribution;
                    if (multiplicity == 2)
                    {
                        target.Activation += contribution;
                    }
                }
            }

            for (var i = 0; i < scratch.TouchedCount; i++)
            {
                ref var node = ref scratch.Nodes[scratch.Touched[i]];
                node.Activation = Math.Min(node.Activation, cap);
            }
        }
    }

    private static SpreadResult CollectResult(
        MemoryGraphSnapshot graph, SpreadScratch scratch, Dictionary<long, float>? outside, SpreadOptions options)
    {
        var limit = options.MaxActivatedNodes > 0 ? options.MaxActivatedNodes : int.MaxValue;
        var selector = new TopSelector(Math.Min(limit, scratch.TouchedCount + (outside?.Count ?? 0)));
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var slot = scratch.Touched[i];
            ref readonly var node = ref scratch.Nodes[slot];
            if (options.AnchorsOnly && !node.IsSeed)
            {
                continue;
            }

            if (selector.WouldAccept(node.Activation))
            {
                selector.Offer(new ActivatedMemory(graph.GetId(slot), node.Activation, node.IsSeed));
            }
        }

        if (outside is not null)
        {
            foreach (var (id, energy) in outside)
            {
                selector.Offer(new ActivatedMemory(id, Math.Min(energy, options.Cap), true));
            }
        }

        return new SpreadResult(selector.ToSortedArray(), scratch.TouchedCount + (outside?.Count ?? 0));
    }

    private SpreadScratch Rent()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            var scratch = Interlocked.Exchange(ref _pool[i], null);
            if (scratch is not null)
            {
                return scratch;
            }
        }

        return new SpreadScratch();
    }

    private void Return(SpreadScratch scratch)
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _pool[i], scratch, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Keeps the best <c>capacity</c> entries offered (a bounded min-heap keyed on rank).</summary>
    private struct TopSelector(int capacity)
    {
        private readonly ActivatedMemory[] _heap = new ActivatedMemory[capacity];
        private int _count;

        /// <summary>Cheap pre-check: false when the heap is full and the activation cannot beat its worst.</summary>
        public readonly bool WouldAccept(float activation) =>
            _count < _heap.Length || activation >= _heap[0].Activation;

        public void Offer(ActivatedMemory item)
        {
            if (_heap.Length == 0)
            {
                return;
            }

            if (_count < _heap.Length)
            {
                var i = _count++;
                _heap[i] = item;
                while (i > 0)
                {
                    var parent = (i - 1) >> 1;
                    if (!Ranks(_heap[parent], item))
                    {
                        break;
                    }

                    _heap[i] = _heap[parent];
                    i = parent;
                }

                _heap[i] = item;
                return;
            }

            if (!Ranks(item, _heap[0]))
            {
                return;
            }

            // Replace the worst (root) and sift down.
            var position = 0;
            while (true)
            {
                var child = (2 * position) + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && Ranks(_heap[child], _heap[child + 1]))
                {
                    child++;
                }

                if (!Ranks(item, _heap[child]))
                {
                    break;
                }

                _heap[position] = _heap[child];
                position = child;
            }

            _heap[position] = item;
        }

        public readonly ActivatedMemory[] ToSortedArray()
        {
            var result = _heap.AsSpan(0, _count).ToArray();
            result.AsSpan().Sort(static (a, b) => Ranks(a, b) ? -1 : Ranks(b, a) ? 1 : 0);
            return result;
        }

        /// <summary>True when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
        private static bool Ranks(in ActivatedMemory a, in ActivatedMemory b) =>
            a.Activation > b.Activation || (a.Activation == b.Activation && a.Id < b.Id);
    }
}
