namespace PeroCore.Memory.Storage;

/// <summary>What recall needs of a candidate memory to filter, score and re-score it.</summary>
/// <param name="Length">The content's length in characters (the length signal reads it).</param>
internal sealed record CandidateRow(long Id, DateTimeOffset Timestamp, string Type, IReadOnlyList<string> Tags, double BaseImportance, float[]? Vector, int Length = 0);
