using System.Runtime.InteropServices;

namespace PeroCore.Memory.Graph;

/// <summary>
/// Stages a batch of changes to a <see cref="MemoryGraph"/>. Obtained only inside
/// <see cref="MemoryGraph.Edit(Action{MemoryGraphEditor})"/>; every change made through it is published
/// atomically as one new snapshot when the callback returns (and discarded if it throws). Not thread-safe
/// and not usable after the callback.
/// </summary>
/// <remarks>
/// A change touches only the adjacency lists of the nodes involved (plus, for
/// <see cref="RemoveNode"/>, the node's neighbours), so its cost is proportional to their degrees, not to
/// the size of the graph. Methods return <see langword="false"/> when they change nothing, for example when
/// a memory id is not a node of the graph.
/// </remarks>
public sealed class MemoryGraphEditor
{
    private const float RemovalEpsilon = 1e-6f;

    private readonly MemoryGraphSnapshot _snapshot;
    private readonly MemoryGraphOptions _options;
    private readonly Dictionary<int, List<GraphEdge>?> _modified = [];
    private readonly Dictionary<long, int> _newIds = [];
    private readonly List<long> _newSlotIds = [];
    private bool _closed;

    internal MemoryGraphEditor(MemoryGraphSnapshot snapshot)
    {
        _snapshot = snapshot;
        _options = snapshot.Options;
    }

    /// <summary>Gets whether any change has been staged.</summary>
    public bool HasChanges => _modified.Count > 0;

    /// <summary>Returns whether <paramref name="id"/> is a live node, including staged changes.</summary>
    public bool Contains(long id)
    {
        EnsureOpen();
        return TryGetLiveSlot(id, out _);
    }

    /// <summary>Adds a node without edges. Returns <see langword="false"/> if it is already a node.</summary>
    public bool AddNode(long id)
    {
        EnsureOpen();
        if (TryGetSlot(id, out var slot, out var live))
        {
            if (live)
            {
                return false;
            }

            _modified[slot] = []; // revive a removed id
            return true;
        }

        slot = _snapshot.SlotCount + _newSlotIds.Count;
        _newIds.Add(id, slot);
        _newSlotIds.Add(id);
        _modified[slot] = [];
        return true;
    }

    /// <summary>
    /// Removes a node and all its edges. When <paramref name="repairTimeChain"/> is set (the default), each
    /// former predecessor on the time axis is linked to each former successor (in a well-formed chain: the
    /// one prev to the one next), as the store does when a memory is deleted.
    /// </summary>
    public bool RemoveNode(long id, bool repairTimeChain = true)
    {
        EnsureOpen();
        if (!TryGetLiveSlot(id, out var slot))
        {
            return false;
        }

        var edges = CurrentEdges(slot).ToArray();
        var previous = new List<int>();
        var next = new List<int>();
        foreach (var e in edges)
        {
            if (e.Kind == GraphEdgeKind.TimePrevious)
            {
                previous.Add(e.Target);
            }
            else if (e.Kind == GraphEdgeKind.TimeNext)
            {
                next.Add(e.Target);
            }

            Mutable(e.Target).RemoveAll(x => x.Target == slot);
        }

        _modified[slot] = null;
        if (repairTimeChain)
        {
            foreach (var p in previous)
            {
                foreach (var n in next)
                {
                    if (p != n)
                    {
                        AddTimeLinkSlots(p, n);
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Replaces the time-axis links of <paramref name="id"/> so that its predecessor is
    /// <paramref name="previousId"/> and its successor <paramref name="nextId"/> (either may be null), with
    /// linked-list semantics: the predecessor's former successor link and the successor's former predecessor
    /// link are removed. Inserting X between A and B is therefore <c>SetTimeLinks(X, A, B)</c>, which drops
    /// the A–B link; appending is <c>SetTimeLinks(X, tail, null)</c>. The node's own former neighbours are not
    /// joined together (use <see cref="AddTimeLink"/> for that). Returns <see langword="false"/> and changes
    /// nothing when one of the ids is not a node.
    /// </summary>
    /// <exception cref="ArgumentException">A neighbour equals the node, or both neighbours are the same.</exception>
    public bool SetTimeLinks(long id, long? previousId, long? nextId)
    {
        EnsureOpen();
        if (previousId == id || nextId == id)
        {
            throw new ArgumentException("A memory cannot be its own time neighbour.", nameof(id));
        }

        if (previousId is not null && previousId == nextId)
        {
            throw new ArgumentException("The previous and next memory must differ.", nameof(nextId));
        }

        var p = -1;
        var n = -1;
        if (!TryGetLiveSlot(id, out var slot)
            || (previousId is { } pid && !TryGetLiveSlot(pid, out p))
            || (nextId is { } nid && !TryGetLiveSlot(nid, out n)))
        {
            return false;
        }

        RemoveTimeLinks(slot, GraphEdgeKind.TimePrevious);
        RemoveTimeLinks(slot, GraphEdgeKind.TimeNext);
        if (p >= 0)
        {
            RemoveTimeLinks(p, GraphEdgeKind.TimeNext);
            AddTimeLinkSlots(p, slot);
        }

        if (n >= 0)
        {
            RemoveTimeLinks(n, GraphEdgeKind.TimePrevious);
            AddTimeLinkSlots(slot, n);
        }

        return true;
    }

    /// <summary>
    /// Adds the time-axis link <paramref name="previousId"/> → <paramref name="nextId"/> if absent (a link is
    /// counted once however often it is added). Does not touch other links.
    /// </summary>
    public bool AddTimeLink(long previousId, long nextId)
    {
        EnsureOpen();
        return previousId != nextId
            && TryGetLiveSlot(previousId, out var p)
            && TryGetLiveSlot(nextId, out var n)
            && AddTimeLinkSlots(p, n);
    }

    /// <summary>Removes the time-axis link <paramref name="previousId"/> → <paramref name="nextId"/>.</summary>
    public bool RemoveTimeLink(long previousId, long nextId)
    {
        EnsureOpen();
        return TryGetLiveSlot(previousId, out var p)
            && TryGetLiveSlot(nextId, out var n)
            && RemoveTimeLinkSlots(p, n);
    }

    /// <summary>
    /// Adds one relation row: the undirected edge between the two memories gains
    /// <c>RelationWeight × strength</c> (rows between the same pair, in either direction, add up).
    /// Rows with a strength that is not a positive finite number, self-relations and unknown ids are ignored.
    /// </summary>
    public bool AddRelation(long sourceId, long targetId, float strength)
    {
        EnsureOpen();
        if (!float.IsFinite(strength) || strength <= 0 || sourceId == targetId
            || !TryGetLiveSlot(sourceId, out var s) || !TryGetLiveSlot(targetId, out var t))
        {
            return false;
        }

        var weight = _options.RelationWeight * strength;
        AdjustRelation(s, t, weight);
        AdjustRelation(t, s, weight);
        return true;
    }

    /// <summary>
    /// Removes one relation row given its endpoints and strength (direction does not matter): the edge loses
    /// <c>RelationWeight × strength</c> and disappears when nothing is left (within 1e-6). To remove by the
    /// row id, read the row's endpoints and strength from the store first. Returns <see langword="false"/>
    /// when the two memories have no relation edge.
    /// </summary>
    public bool RemoveRelation(long sourceId, long targetId, float strength)
    {
        EnsureOpen();
        if (!float.IsFinite(strength) || strength <= 0 || sourceId == targetId
            || !TryGetLiveSlot(sourceId, out var s) || !TryGetLiveSlot(targetId, out var t)
            || FindIndex(CurrentEdges(s), t, GraphEdgeKind.Relation) < 0)
        {
            return false;
        }

        var weight = -(_options.RelationWeight * strength);
        AdjustRelation(s, t, weight);
        AdjustRelation(t, s, weight);
        return true;
    }

    /// <summary>Builds the new snapshot and closes the editor.</summary>
    internal MemoryGraphSnapshot Publish()
    {
        EnsureOpen();
        _closed = true;
        if (_modified.Count == 0)
        {
            return _snapshot;
        }

        var changes = new Dictionary<int, GraphEdge[]>(_modified.Count);
        foreach (var (slot, list) in _modified)
        {
            if (list is null)
            {
                changes[slot] = MemoryGraphSnapshot.RemovedMarker;
            }
            else
            {
                var array = list.ToArray();
                array.AsSpan().Sort(default(GraphEdgeOrder));
                changes[slot] = array;
            }
        }

        return _snapshot.WithChanges(changes, _newSlotIds);
    }

    /// <summary>Closes the editor without publishing.</summary>
    internal void Close() => _closed = true;

    private static int FindIndex(ReadOnlySpan<GraphEdge> edges, int target, GraphEdgeKind kind)
    {
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges[i].Target == target && edges[i].Kind == kind)
            {
                return i;
            }
        }

        return -1;
    }

    private void AdjustRelation(int slot, int target, float delta)
    {
        var list = Mutable(slot);
        var index = FindIndex(CollectionsMarshal.AsSpan(list), target, GraphEdgeKind.Relation);
        if (index < 0)
        {
            if (delta > 0)
            {
                list.Add(new GraphEdge(target, delta, GraphEdgeKind.Relation));
            }

            return;
        }

        var weight = list[index].Weight + delta;
        if (weight <= RemovalEpsilon)
        {
            list.RemoveAt(index);
        }
        else
        {
            list[index] = new GraphEdge(target, weight, GraphEdgeKind.Relation);
        }
    }

    private bool AddTimeLinkSlots(int p, int n)
    {
        var fromPrevious = Mutable(p);
        if (FindIndex(CollectionsMarshal.AsSpan(fromPrevious), n, GraphEdgeKind.TimeNext) >= 0)
        {
            return false;
        }

        fromPrevious.Add(new GraphEdge(n, _options.TimeWeight, GraphEdgeKind.TimeNext));
        Mutable(n).Add(new GraphEdge(p, _options.TimeWeight, GraphEdgeKind.TimePrevious));
        return true;
    }

    private bool RemoveTimeLinkSlots(int p, int n)
    {
        var fromPrevious = Mutable(p);
        var index = FindIndex(CollectionsMarshal.AsSpan(fromPrevious), n, GraphEdgeKind.TimeNext);
        if (index < 0)
        {
            return false;
        }

        fromPrevious.RemoveAt(index);
        var fromNext = Mutable(n);
        var back = FindIndex(CollectionsMarshal.AsSpan(fromNext), p, GraphEdgeKind.TimePrevious);
        if (back >= 0)
        {
            fromNext.RemoveAt(back);
        }

        return true;
    }

    /// <summary>Removes every time-axis link of <paramref name="slot"/> in one direction (both ends of each).</summary>
    private void RemoveTimeLinks(int slot, GraphEdgeKind direction)
    {
        foreach (var e in CurrentEdges(slot).ToArray())
        {
            if (e.Kind == direction)
            {
                if (direction == GraphEdgeKind.TimeNext)
                {
                    RemoveTimeLinkSlots(slot, e.Target);
                }
                else
                {
                    RemoveTimeLinkSlots(e.Target, slot);
                }
            }
        }
    }

    private ReadOnlySpan<GraphEdge> CurrentEdges(int slot)
    {
        if (_modified.TryGetValue(slot, out var list))
        {
            return list is null ? default : CollectionsMarshal.AsSpan(list);
        }

        return slot < _snapshot.SlotCount ? _snapshot.GetEdges(slot) : default;
    }

    private List<GraphEdge> Mutable(int slot)
    {
        if (_modified.TryGetValue(slot, out var list))
        {
            return list ?? throw new InvalidOperationException("Internal error: edge to a removed node.");
        }

        list = [.. _snapshot.GetEdges(slot)];
        _modified[slot] = list;
        return list;
    }

    private bool TryGetSlot(long id, out int slot, out bool live)
    {
        if (_newIds.TryGetValue(id, out slot) || _snapshot.TryGetAnySlot(id, out slot))
        {
            live = _modified.TryGetValue(slot, out var list) ? list is not null : _snapshot.IsLive(slot);
            return true;
        }

        live = false;
        return false;
    }

    private bool TryGetLiveSlot(long id, out int slot) => TryGetSlot(id, out slot, out var live) && live;

    private void EnsureOpen() =>
        ObjectDisposedException.ThrowIf(_closed, this);
}
