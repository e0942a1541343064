namespace PeroCore.Memory.Graph;

/// <summary>
/// The order of a node's adjacency list: heaviest first, then by target slot, then by kind. A fan-out limit
/// of K therefore keeps the K heaviest edges.
/// </summary>
internal readonly struct GraphEdgeOrder : IComparer<GraphEdge>
{
    public int Compare(GraphEdge x, GraphEdge y)
    {
        var byWeight = y.Weight.CompareTo(x.Weight);
        if (byWeight != 0)
        {
            return byWeight;
        }

        var byTarget = x.Target.CompareTo(y.Target);
        return byTarget != 0 ? byTarget : x.Kind.CompareTo(y.Kind);
    }
}
