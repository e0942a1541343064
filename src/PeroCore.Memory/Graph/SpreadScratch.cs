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
    public void AddNext(int slot, float energy)
    {
        if (NextCount == Next.Length)
        {
            Array.Resize(ref Next, Next.Length * 2);
            Array.Resize(ref NextEnergy, Next.Length);
        }

        Next[NextCount] = slot;
        NextEnergy[NextCount++] = energy;
    }

    /// <summary>Appends to the current frontier.</summary>
    public void AddFrontier(int slot, float energy)
    {
        if (FrontierCount == Frontier.Length)
        {
            Array.Resize(ref Frontier, Frontier.Length * 2);
            Array.Resize(ref FrontierEnergy, Frontier.Length);
        }

        Frontier[FrontierCount] = slot;
        FrontierEnergy[FrontierCount++] = energy;
    }

    /// <summary>Makes the collected next frontier the current one.</summary>
    public void SwapFrontier()
    {
        (Frontier, Next) = (Next, Frontier);
        (FrontierEnergy, NextEnergy) = (NextEnergy, FrontierEnergy);
        FrontierCount = NextCount;
        NextCount = 0;
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

        /// <summary>Energy received in the current step.</summary>
        public float Received;

        /// <summary>Whether the slot is a seed (valid when <see cref="Stamp"/> is current).</summary>
        public bool IsSeed;
    }
}
