using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Recall;

/// <summary>A memory returned by recall, with its score and context.</summary>
/// <param name="Memory">The row (its embedding is not loaded).</param>
/// <param name="Score">The score breakdown.</param>
/// <param name="IsCandidate">Found by vector or full-text search (false: reached only by spreading).</param>
/// <param name="Previous">Content of the previous memory on the time axis, if context was requested.</param>
/// <param name="Next">Content of the next memory on the time axis, if context was requested.</param>
public sealed record RecalledMemory(MemoryRecord Memory, ScoreBreakdown Score, bool IsCandidate, string? Previous, string? Next);
