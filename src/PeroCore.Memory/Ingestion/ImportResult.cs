namespace PeroCore.Memory.Ingestion;

/// <summary>What a bulk import wrote.</summary>
/// <param name="Ids">New memory ids, in input order.</param>
/// <param name="Relations">Cheap relations created.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ImportResult(IReadOnlyList<long> Ids, int Relations, TimeSpan Elapsed);
