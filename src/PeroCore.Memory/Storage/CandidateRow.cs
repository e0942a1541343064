namespace PeroCore.Memory.Storage;

/// <summary>What recall needs of a candidate memory to filter, score and re-score it.</summary>
internal sealed record CandidateRow(long Id, DateTimeOffset Timestamp, string Type, IReadOnlyList<string> Tags, double BaseImportance, float[]? Vector);
