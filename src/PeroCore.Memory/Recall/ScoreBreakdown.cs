namespace PeroCore.Memory.Recall;

/// <summary>Why a memory scored what it did.</summary>
/// <param name="Semantic">Cosine similarity of the memory's vector to the query (raw, before rescaling).</param>
/// <param name="Lexical">BM25 of the full-text match, normalised to 0..1 within the query (0 without a match).</param>
/// <param name="Activation">Energy after spreading (initial energy plus what neighbours sent).</param>
/// <param name="Importance">The importance term: weight × min(base, 10)/10 × decay.</param>
/// <param name="Recency">The recency bonus.</param>
/// <param name="Final">The final score.</param>
public sealed record ScoreBreakdown(double Semantic, double Lexical, double Activation, double Importance, double Recency, double Final);
