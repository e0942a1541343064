namespace PeroCore.Memory.Graph;

/// <summary>How energy moves through the graph in one step of spreading activation.</summary>
public enum SpreadRule
{
    /// <summary>
    /// Frontier propagation. Step 1: every seed emits its energy. Step k &gt; 1: exactly the nodes whose
    /// activation increased during step k − 1 emit, and each emits that increase (the energy it received in
    /// step k − 1, after the cap), never its whole activation, so no energy is emitted twice. A node emits
    /// <c>e × weight × decay</c> along each of its edges (at most <see cref="SpreadOptions.MaxFanOut"/>,
    /// heaviest first) when <c>e ≥ EmissionThreshold</c>; if more than <see cref="SpreadOptions.MaxFrontier"/>
    /// nodes qualify in a step, only that many, with the most energy, emit. Every edge, time-axis edges included, is counted
    /// once. After each step the activation is capped at <see cref="SpreadOptions.Cap"/>.
    /// </summary>
    Frontier = 0,

    /// <summary>
    /// The original engine's rule (spec/memory.md §3.3), for bug-compatibility: in each step every node
    /// holding activation <c>a ≥ EmissionThreshold</c> emits <c>a × weight × decay</c>, and only along the
    /// edges the original's per-request graph would contain: relation edges touching a seed (once each), and
    /// time-axis edges counted once per seed end, so a time-axis edge between two seeds counts twice (each
    /// receives 2 × 0.2 = 0.4 × the other's energy) and one between a seed and a non-seed once. The cap is
    /// applied to every node after each step. The one deliberate difference: the graph holds no
    /// self-relations (a row whose source equals its target), which the original would turn into a node
    /// feeding itself.
    /// </summary>
    SeedCompat = 1,
}
