namespace PeroCore.Memory.Recall;

/// <summary>How candidates are found and ranked.</summary>
public enum RecallMode
{
    /// <summary>The full pipeline: dense + full-text candidates, spreading over the graph, the scoring formula.</summary>
    Default = 0,

    /// <summary>The original's rule (spec/memory.md §3.2–3.4): 20 vector anchors, one spreading step over anchors only.</summary>
    SeedCompat = 1,

    /// <summary>Vector search only, ranked by cosine (evaluation baseline).</summary>
    Dense = 2,

    /// <summary>Full-text BM25 only (evaluation baseline).</summary>
    Lexical = 3,

    /// <summary>Reciprocal-rank fusion of vector and full-text results, no spreading (evaluation baseline).</summary>
    Hybrid = 4,
}
