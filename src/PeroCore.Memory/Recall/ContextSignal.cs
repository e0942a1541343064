namespace PeroCore.Memory.Recall;

/// <summary>What the context signal (<see cref="RecallOptions.ContextWeight"/>) compares the query with.</summary>
public enum ContextSignal
{
    /// <summary>
    /// A memory's vector plus the vector of each time-axis neighbour (previous and next, taken separately), normalised:
    /// the best of the two cosines to the query. Needs nothing beyond the stored vectors.
    /// </summary>
    Neighbours = 0,

    /// <summary>
    /// The embedding of the previous memory's text followed by the memory's own text, made once per memory and kept
    /// in memory by the engine (an experiment: the first recalls that meet a memory pay for its embedding).
    /// </summary>
    Embedded = 1,
}
