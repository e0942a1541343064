namespace PeroCore.Memory.Graph;

/// <summary>
/// Reusable per-query working memory of the spreading engine: one state per graph slot, made valid for the
/// current run by generation stamps, so a query never clears or allocates O(N). One instance serves one
/// query at a time; the engine pools them.
/// </summary>
internal sealed class SpreadScratch
{
    private const int InitialListSize = 256;

    /// <summary>Per-slot state; entries whose stamps differ from the current generations are blank.</summary>
    public NodeState[] Nodes = [];

    /// <summary>The stamp of the current run.</summary>
    public int Generation;

    /// <summary>The stamp of the current step's received-energy accumulators.</summary>
    public int ReceiveGeneration;

    /// <summary>Slots activated in this run, in order of first activation.</summary>
    public int[] Touched = new int[InitialListSize];

    /// <summary>The number of valid entries in <see cref="Touched"/>.</summary>
    public int TouchedCount;

    /// <summary>The nodes emitting in the current step.</summary>
    public int[] Frontier = new int[InitialListSize];

    /// <summary>The energy each frontier node emits.</summary>
    public float[] FrontierEnergy = new float[InitialListSize];

    /// <summary>The number of valid frontier entries.</summary>
    public int FrontierCount;

    /// <summary>The frontier being collected for the next step.</summary>
    public int[] Next = new int[InitialListSize];

    /// <summary>The energy of each next-frontier entry.</summary>
    public float[] NextEnergy = new float[InitialListSize];

    /// <summary>The number of valid next-frontier entries.</summary>
    public int NextCount;

    /// <summary>Working space for selecting the strongest emitters of a step.</summary>
    public float[] Selection = new float[InitialListSize];

    /// <summary>Slots that received energy in the current step.</summary>
    public int[] Received = new int[InitialListSize];

    /// <summary>The number of valid entries in <see cref="Received"/>.</summary>
    public int ReceivedCount;

    /// <summary>Starts a run over a graph with <paramref name="slotCount"/> slots.</summary>
    public void Begin(int slotCount)
    {
        if (Nodes.Length < slotCount)
        {
            Nodes = new NodeState[slotCount + (slotCount >> 3) + 64];
            Generation = 0;
            ReceiveGeneration = 0;
        }
        else if (Generation == int.MaxValue || ReceiveGeneration > int.MaxValue - (4 * SpreadOptions.MaxSteps))
        {
            Array.Clear(Nodes);
            Generation = 0;
            ReceiveGeneration = 0;
        }

        Generation++;
        TouchedCount = 0;
        FrontierCount = 0;
        NextCount = 0;
        ReceivedCount = 0;
    }

    /// <summary>Returns the state of a slot, activating it (activation 0, not a seed) if it was blank.</summary>
    public ref NodeState Touch(int slot)
    {
        ref var node = ref Nodes[slot];
        if (node.Stamp != Generation)
        {
            node.Stamp = Generation;
            node.Activation = 0;
            node.IsSeed = false;
            Append(ref Touched, ref TouchedCount, slot);
        }

        return ref node;
    }

    /// <summary>Returns whether a slot is an activated seed of the current run.</summary>
    public bool IsSeed(int slot)
    {
        ref var node = ref Nodes[slot];
        return node.Stamp == Generation && node.IsSeed;
    }

    /// <summary>Appends to the next frontier.</summary>
    public void AddNext(int slot, float energy) => Append(ref Next, ref NextEnergy, ref NextCount, slot, energy);

    /// <summary>Appends to the current frontier.</summary>
    public void AddFrontier(int slot, float energy) => Append(ref Frontier, ref FrontierEnergy, ref FrontierCount, slot, energy);

    /// <summary>Makes the collected next frontier the current one.</summary>
    public void SwapFrontier()
    {
        (Frontier, Next) = (Next, Frontier);
        (FrontierEnergy, NextEnergy) = (NextEnergy, FrontierEnergy);
        FrontierCount = NextCount;
        NextCount = 0;
    }

    /// <summary>
    /// Keeps only the <paramref name="limit"/> frontier entries with the most energy among those with energy
    /// at least <paramref name="threshold"/> (ties: earlier entries), preserving order. Expected O(n).
    /// </summary>
    public void LimitFrontier(int limit, float threshold)
    {
        var qualifying = 0;
        for (var i = 0; i < FrontierCount; i++)
        {
            if (FrontierEnergy[i] >= threshold && FrontierEnergy[i] > 0)
            {
                qualifying++;
            }
        }

        if (qualifying <= limit)
        {
            return;
        }

        if (Selection.Length < qualifying)
        {
            Selection = new float[Math.Max(qualifying, Selection.Length * 2)];
        }

        var n = 0;
        for (var i = 0; i < FrontierCount; i++)
        {
            if (FrontierEnergy[i] >= threshold && FrontierEnergy[i] > 0)
            {
                Selection[n++] = FrontierEnergy[i];
            }
        }

        var cut = KthLargest(Selection.AsSpan(0, n), limit - 1);
        var above = 0;
        for (var i = 0; i < n; i++)
        {
            if (Selection[i] > cut)
            {
                above++;
            }
        }

        var tiesAllowed = limit - above;
        var kept = 0;
        for (var i = 0; i < FrontierCount; i++)
        {
            var energy = FrontierEnergy[i];
            if (!(energy >= threshold && energy > 0))
            {
                continue;
            }

            if (energy > cut || (energy == cut && tiesAllowed-- > 0))
            {
                Frontier[kept] = Frontier[i];
                FrontierEnergy[kept++] = energy;
            }
        }

        FrontierCount = kept;
    }

    /// <summary>Returns the value that would sit at <paramref name="k"/> (0-based) if sorted descending. Reorders the span.</summary>
    internal static float KthLargest(Span<float> values, int k)
    {
        var left = 0;
        var right = values.Length - 1;
        while (left < right)
        {
            var pivot = MedianOfThree(values[left], values[left + ((right - left) >> 1)], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] > pivot)
                {
                    i++;
                }

                while (values[j] < pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static float MedianOfThree(float a, float b, float c) =>
        a > b ? (b > c ? b : Math.Min(a, c)) : (a > c ? a : Math.Min(b, c));

    /// <summary>Appends a (slot, energy) pair to a pair of growable parallel lists.</summary>
    private static void Append(ref int[] slots, ref float[] energies, ref int count, int slot, float energy)
    {
        if (count == slots.Length)
        {
            Array.Resize(ref slots, slots.Length * 2);
            Array.Resize(ref energies, slots.Length);
        }

        slots[count] = slot;
        energies[count++] = energy;
    }

    /// <summary>Appends a value to a growable list.</summary>
    public static void Append(ref int[] list, ref int count, int value)
    {
        if (count == list.Length)
        {
            Array.Resize(ref list, list.Length * 2);
        }

        list[count++] = value;
    }

    /// <summary>The state of one slot.</summary>
    internal struct NodeState
    {
        /// <summary>Equals the scratch's generation when this slot is activated in the current run.</summary>
        public int Stamp;

        /// <summary>The activation (valid when <see cref="Stamp"/> is current).</summary>
        public float Activation;

        /// <summary>Equals the scratch's receive generation when <see cref="Received"/> is current.</summary>
        public int ReceiveStamp;

        /// <summary>Energy received in the current step (the sum of the contributions).</summary>
        public float Received;

        /// <summary>The largest single contribution received in the current step.</summary>
        public float ReceivedMax;

        /// <summary>
        /// The most a source emitting to this slot in the current step could give it: the largest emitted energy
        /// among its sources, times the decay.
        /// </summary>
        public float ReceiveBound;

        /// <summary>Whether the slot is a seed (valid when <see cref="Stamp"/> is current).</summary>
        public bool IsSeed;
    }
}
