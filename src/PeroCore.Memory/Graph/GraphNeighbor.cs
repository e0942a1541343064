namespace PeroCore.Memory.Graph;

/// <summary>A neighbour of a memory in a <see cref="MemoryGraphSnapshot"/>.</summary>
/// <param name="Id">The neighbour's memory id.</param>
/// <param name="Weight">The edge weight (relation: summed <c>RelationWeight × strength</c>; time axis: <c>TimeWeight</c>).</param>
/// <param name="Kind">The edge kind, seen from the node whose neighbours were asked for.</param>
public readonly record struct GraphNeighbor(long Id, float Weight, GraphEdgeKind Kind);
