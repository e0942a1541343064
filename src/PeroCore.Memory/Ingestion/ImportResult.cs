namespace PeroCore.Memory.Ingestion;

/// <summary>What a bulk import wrote.</summary>
/// <param name="Ids">New memory ids, in input order.</param>
/// <param name="Relations">Cheap relations created in the import's own transactions.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ImportResult(IReadOnlyList<long> Ids, int Relations, TimeSpan Elapsed)
{
    /// <summary>
    /// The relations are left to the background linker (<see cref="RelationLinking.Deferred"/>):
    /// <see cref="MemoryEngine.WaitForLinkingAsync"/> waits for them.
    /// </summary>
    public bool LinkingDeferred { get; init; }
}
