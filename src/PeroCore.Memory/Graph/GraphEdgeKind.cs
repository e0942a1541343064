namespace PeroCore.Memory.Graph;

/// <summary>The kind of an adjacency entry in a <see cref="MemoryGraphSnapshot"/>.</summary>
public enum GraphEdgeKind : byte
{
    /// <summary>
    /// A relation edge from <c>memory_relation</c> rows. Undirected for spreading; every row between the same
    /// two memories, in either direction, adds <c>RelationWeight × strength</c> to the single entry.
    /// </summary>
    Relation = 0,

    /// <summary>A time-axis edge to the node's predecessor (the neighbour is this node's <c>prev</c>).</summary>
    TimePrevious = 1,

    /// <summary>A time-axis edge to the node's successor (the neighbour is this node's <c>next</c>).</summary>
    TimeNext = 2,
}
