namespace PeroCore.Memory.Graph;

/// <summary>The outcome of <see cref="SpreadingActivationEngine.Spread(MemoryGraphSnapshot, IReadOnlyList{ValueTuple{long, float}}, SpreadOptions?)"/>.</summary>
public sealed class SpreadResult
{
    private readonly ActivatedMemory[] _nodes;
    private Dictionary<long, float>? _lookup;

    internal SpreadResult(ActivatedMemory[] nodes, int activatedCount)
    {
        _nodes = nodes;
        ActivatedCount = activatedCount;
    }

    /// <summary>
    /// Gets the returned memories, most activated first (ties: smaller id first), after the
    /// <see cref="SpreadOptions.AnchorsOnly"/> and <see cref="SpreadOptions.MaxActivatedNodes"/> filters.
    /// Seeds are always present unless one of those filters removed them; a seed that is not in the graph
    /// keeps its own energy.
    /// </summary>
    public IReadOnlyList<ActivatedMemory> Nodes => _nodes;

    /// <summary>
    /// Gets the number of nodes that held activation when the spread ended (seeds included), before the
    /// result filters.
    /// </summary>
    public int ActivatedCount { get; }

    /// <summary>Returns the activation of <paramref name="id"/>, or 0 when it is not in <see cref="Nodes"/>.</summary>
    public float GetActivation(long id) => TryGetActivation(id, out var activation) ? activation : 0f;

    /// <summary>Looks up the activation of <paramref name="id"/> among <see cref="Nodes"/>.</summary>
    public bool TryGetActivation(long id, out float activation) => Lookup().TryGetValue(id, out activation);

    /// <summary>Returns the result as a new id → activation dictionary.</summary>
    public Dictionary<long, float> ToDictionary() => new(Lookup());

    private Dictionary<long, float> Lookup()
    {
        var lookup = Volatile.Read(ref _lookup);
        if (lookup is null)
        {
            lookup = new Dictionary<long, float>(_nodes.Length);
            foreach (var node in _nodes)
            {
                lookup[node.Id] = node.Activation;
            }

            Interlocked.CompareExchange(ref _lookup, lookup, null);
        }

        return lookup;
    }
}
