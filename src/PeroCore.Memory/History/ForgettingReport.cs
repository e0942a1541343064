namespace PeroCore.Memory.History;

/// <summary>What a forgetting pass did.</summary>
/// <param name="Examined">Memories that were not archived and old enough to be weighed.</param>
/// <param name="Archived">The ids archived, weakest first.</param>
public sealed record ForgettingReport(int Examined, IReadOnlyList<long> Archived);
