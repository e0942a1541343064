namespace PeroCore.Memory.Graph;

/// <summary>
/// How the contributions a node receives in one step of <see cref="SpreadRule.Frontier"/> propagation combine.
/// With <c>c</c> the contributions (<c>energy × weight × decay</c> along each edge) and <c>B</c> the bound (the
/// largest energy any of the step's sources emitted, times the decay), the bounded rules keep every node at or below
/// <c>max(its activation before the step, B)</c>: a memory reached through the graph never holds more activation than
/// the strongest memory that fed it, so a cluster of near-duplicates cannot lift a hub above the exact match.
/// </summary>
public enum SpreadAggregation
{
    /// <summary>The plain sum of the contributions (unbounded: many weak neighbours add up).</summary>
    Sum = 0,

    /// <summary>Only the largest contribution counts.</summary>
    Max = 1,

    /// <summary>
    /// The largest contribution counts fully and the others fill the room left up to <c>B</c> with diminishing
    /// returns: <c>max(c) + (B − max(c)) × (1 − exp(−(Σc − max(c)) / B))</c>. More neighbours means more
    /// activation, but never more than <c>B</c>.
    /// </summary>
    Saturating = 2,
}
