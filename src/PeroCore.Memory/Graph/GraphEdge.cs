using System.Runtime.InteropServices;

namespace PeroCore.Memory.Graph;

/// <summary>One adjacency entry: the target slot, the edge weight and the edge kind (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct GraphEdge(int target, float weight, GraphEdgeKind kind)
{
    /// <summary>Gets the slot of the neighbour.</summary>
    public readonly int Target = target;

    /// <summary>Gets the edge weight (already multiplied by the kind's weight from the options).</summary>
    public readonly float Weight = weight;

    /// <summary>Gets the edge kind.</summary>
    public readonly GraphEdgeKind Kind = kind;

    /// <summary>Gets whether this is a time-axis edge.</summary>
    public bool IsTime => Kind != GraphEdgeKind.Relation;
}
