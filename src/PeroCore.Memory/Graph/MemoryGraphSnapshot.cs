namespace PeroCore.Memory.Graph;

/// <summary>
/// An immutable, consistent view of a <see cref="MemoryGraph"/> at one version. Safe to read from any number
/// of threads while the graph keeps changing; writers publish new snapshots and never modify this one.
/// </summary>
/// <remarks>
/// Layout: every live node has a slot. Adjacency is held in compressed sparse rows (one offsets array and one
/// array of 12-byte edges, each list sorted heaviest first) for the slots present at the last compaction,
/// plus per-node override lists for slots written since then, in a chunked copy-on-write array, so a write
/// copies only what it touches. An id maps to its slot in O(1) through a dense window offset by the
/// smallest id, with a dictionary fallback for outliers.
/// </remarks>
public sealed class MemoryGraphSnapshot
{
    /// <summary>The override value of a removed node (compared by reference).</summary>
    internal static readonly GraphEdge[] RemovedMarker = [new GraphEdge(-1, 0, GraphEdgeKind.Relation)];

    private readonly int[] _baseOffsets;
    private readonly GraphEdge[] _baseEdges;
    private readonly int _baseSlotCount;
    private readonly ChunkedArray<GraphEdge[]?> _overrides;
    private readonly ChunkedArray<long> _slotIds;
    private readonly IdSlotMap _idMap;
    private readonly long _adjacencyEntryCount;

    private MemoryGraphSnapshot(
        MemoryGraphOptions options,
        long version,
        int[] baseOffsets,
        GraphEdge[] baseEdges,
        ChunkedArray<GraphEdge[]?> overrides,
        ChunkedArray<long> slotIds,
        IdSlotMap idMap,
        int nodeCount,
        long adjacencyEntryCount,
        long overrideEntryCount,
        int overrideSlotCount)
    {
        Options = options;
        Version = version;
        _baseOffsets = baseOffsets;
        _baseEdges = baseEdges;
        _baseSlotCount = baseOffsets.Length - 1;
        _overrides = overrides;
        _slotIds = slotIds;
        _idMap = idMap;
        NodeCount = nodeCount;
        _adjacencyEntryCount = adjacencyEntryCount;
        OverrideEntryCount = overrideEntryCount;
        OverrideSlotCount = overrideSlotCount;
    }

    /// <summary>Gets the options the graph was built with (edge weights).</summary>
    public MemoryGraphOptions Options { get; }

    /// <summary>Gets the version: 0 for a freshly built graph, +1 for every published change or compaction.</summary>
    public long Version { get; }

    /// <summary>Gets the number of live nodes.</summary>
    public int NodeCount { get; }

    /// <summary>
    /// Gets the number of undirected edges. Two memories joined by a relation and by the time axis count as
    /// two edges; several relation rows between the same two memories count as one.
    /// </summary>
    public long EdgeCount => _adjacencyEntryCount / 2;

    /// <summary>Gets the number of slots (live and removed) that a scratch buffer must cover.</summary>
    internal int SlotCount => _slotIds.Length;

    /// <summary>Gets the number of adjacency entries held in overrides rather than the compact arrays.</summary>
    internal long OverrideEntryCount { get; }

    /// <summary>Gets the number of slots whose adjacency is an override.</summary>
    internal int OverrideSlotCount { get; }

    /// <summary>Gets the number of adjacency entries in the compact arrays.</summary>
    internal int BaseEntryCount => _baseEdges.Length;

    /// <summary>Returns whether <paramref name="id"/> is a live node of this snapshot.</summary>
    public bool Contains(long id) => TryGetLiveSlot(id, out _);

    /// <summary>
    /// Returns the neighbours of <paramref name="id"/>, heaviest edge first (empty when the id is unknown).
    /// Allocates; meant for inspection and tests, not for hot paths.
    /// </summary>
    public IReadOnlyList<GraphNeighbor> GetNeighbors(long id)
    {
        if (!TryGetLiveSlot(id, out var slot))
        {
            return [];
        }

        var edges = GetEdges(slot);
        var result = new GraphNeighbor[edges.Length];
        for (var i = 0; i < edges.Length; i++)
        {
            result[i] = new GraphNeighbor(GetId(edges[i].Target), edges[i].Weight, edges[i].Kind);
        }

        return result;
    }

    /// <summary>Returns the ids of all live nodes, in slot order. Allocates O(N).</summary>
    public IReadOnlyList<long> GetNodeIds()
    {
        var ids = new List<long>(NodeCount);
        for (var slot = 0; slot < SlotCount; slot++)
        {
            if (IsLive(slot))
            {
                ids.Add(_slotIds[slot]);
            }
        }

        return ids;
    }

    /// <summary>Creates a snapshot whose adjacency is entirely in compact arrays.</summary>
    internal static MemoryGraphSnapshot CreateCompact(
        MemoryGraphOptions options, long version, long[] slotIds, int[] offsets, GraphEdge[] edges)
    {
        return new MemoryGraphSnapshot(
            options,
            version,
            offsets,
            edges,
            ChunkedArray<GraphEdge[]?>.CreateEmpty(slotIds.Length),
            ChunkedArray<long>.FromSpan(slotIds),
            IdSlotMap.Build(slotIds),
            slotIds.Length,
            edges.Length,
            0,
            0);
    }

    /// <summary>Finds the slot of a live node.</summary>
    internal bool TryGetLiveSlot(long id, out int slot) => _idMap.TryGetSlot(id, out slot) && IsLive(slot);

    /// <summary>Finds the slot of an id, live or removed.</summary>
    internal bool TryGetAnySlot(long id, out int slot) => _idMap.TryGetSlot(id, out slot);

    /// <summary>Returns whether the slot holds a live node.</summary>
    internal bool IsLive(int slot)
    {
        var o = _overrides[slot];
        return o is null ? slot < _baseSlotCount : !ReferenceEquals(o, RemovedMarker);
    }

    /// <summary>Returns the memory id stored in a slot.</summary>
    internal long GetId(int slot) => _slotIds[slot];

    /// <summary>Returns the adjacency list of a slot, heaviest edge first (empty for a removed slot).</summary>
    internal ReadOnlySpan<GraphEdge> GetEdges(int slot)
    {
        var o = _overrides[slot];
        if (o is not null)
        {
            return ReferenceEquals(o, RemovedMarker) ? default : o;
        }

        if ((uint)slot < (uint)_baseSlotCount)
        {
            var start = _baseOffsets[slot];
            return new ReadOnlySpan<GraphEdge>(_baseEdges, start, _baseOffsets[slot + 1] - start);
        }

        return default;
    }

    /// <summary>
    /// Returns a new snapshot with changed slots. <paramref name="changes"/> maps a slot to its complete new
    /// adjacency list (already sorted with <see cref="GraphEdgeOrder"/>) or to <see cref="RemovedMarker"/>;
    /// <paramref name="newSlotIds"/> are the ids of slots appended after the current ones.
    /// </summary>
    internal MemoryGraphSnapshot WithChanges(
        IReadOnlyDictionary<int, GraphEdge[]> changes,
        IReadOnlyList<long> newSlotIds)
    {
        var newSlotCount = SlotCount + newSlotIds.Count;
        var nodeCount = NodeCount;
        var adjacency = _adjacencyEntryCount;
        var overrideEntries = OverrideEntryCount;
        var overrideSlots = OverrideSlotCount;
        var updates = new List<KeyValuePair<int, GraphEdge[]?>>(changes.Count);
        foreach (var (slot, edges) in changes)
        {
            var wasLive = slot < SlotCount && IsLive(slot);
            var old = slot < SlotCount ? _overrides[slot] : null;
            var oldLength = slot < SlotCount ? GetEdges(slot).Length : 0;
            var removed = ReferenceEquals(edges, RemovedMarker);
            var newLength = removed ? 0 : edges.Length;

            nodeCount += (removed ? 0 : 1) - (wasLive ? 1 : 0);
            adjacency += newLength - oldLength;
            if (old is not null)
            {
                overrideEntries -= ReferenceEquals(old, RemovedMarker) ? 0 : old.Length;
                overrideSlots--;
            }

            overrideEntries += newLength;
            overrideSlots++;
            updates.Add(new KeyValuePair<int, GraphEdge[]?>(slot, edges));
        }

        var additions = new List<KeyValuePair<long, int>>(newSlotIds.Count);
        var idUpdates = new List<KeyValuePair<int, long>>(newSlotIds.Count);
        for (var i = 0; i < newSlotIds.Count; i++)
        {
            additions.Add(new KeyValuePair<long, int>(newSlotIds[i], SlotCount + i));
            idUpdates.Add(new KeyValuePair<int, long>(SlotCount + i, newSlotIds[i]));
        }

        return new MemoryGraphSnapshot(
            Options,
            Version + 1,
            _baseOffsets,
            _baseEdges,
            _overrides.With(updates, newSlotCount),
            _slotIds.With(idUpdates, newSlotCount),
            _idMap.WithAdded(additions),
            nodeCount,
            adjacency,
            overrideEntries,
            overrideSlots);
    }

    /// <summary>
    /// Returns an equivalent snapshot with every live node's adjacency in compact arrays and removed slots
    /// dropped. O(N + E). Slot order is kept, so each list stays sorted.
    /// </summary>
    internal MemoryGraphSnapshot Compact()
    {
        var slotCount = SlotCount;
        var remap = new int[slotCount];
        var liveCount = 0;
        long entryCount = 0;
        for (var slot = 0; slot < slotCount; slot++)
        {
            if (IsLive(slot))
            {
                remap[slot] = liveCount++;
                entryCount += GetEdges(slot).Length;
            }
            else
            {
                remap[slot] = -1;
            }
        }

        if (entryCount > Array.MaxLength)
        {
            throw new InvalidOperationException("The graph has more adjacency entries than one array can hold.");
        }

        var ids = new long[liveCount];
        var offsets = new int[liveCount + 1];
        var edges = new GraphEdge[entryCount];
        var position = 0;
        for (var slot = 0; slot < slotCount; slot++)
        {
            var newSlot = remap[slot];
            if (newSlot < 0)
            {
                continue;
            }

            ids[newSlot] = _slotIds[slot];
            offsets[newSlot] = position;
            foreach (var e in GetEdges(slot))
            {
                edges[position++] = new GraphEdge(remap[e.Target], e.Weight, e.Kind);
            }
        }

        offsets[liveCount] = position;
        return CreateCompact(Options, Version + 1, ids, offsets, edges);
    }
}
