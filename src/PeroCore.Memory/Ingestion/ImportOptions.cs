namespace PeroCore.Memory.Ingestion;

/// <summary>How a bulk import writes.</summary>
public sealed record ImportOptions
{
    /// <summary>The defaults: relate each memory to its nearest neighbours and to memories sharing a tag.</summary>
    public static ImportOptions Default { get; } = new();

    /// <summary>
    /// When the cheap relations (nearest neighbours and shared tags) are made; <see cref="RelationLinking.Auto"/>
    /// links small writes in their own transaction and defers large imports to the background linker.
    /// </summary>
    public RelationLinking Relations { get; init; } = RelationLinking.Auto;

    /// <summary>
    /// The <see cref="MemoryEngine.Generation"/> the write was prepared in (for example before a slow LLM call), or
    /// null. When a factory reset or a restore has happened since, nothing more is written and a
    /// <see cref="Storage.StoreConflictException"/> is thrown: a memory distilled from a conversation the reset erased
    /// must not appear in the emptied store. Checked under the write gate, so no reset can slip in between.
    /// </summary>
    public long? ExpectedGeneration { get; init; }

    /// <summary>Calls with more memories than this are linked in the background under <see cref="RelationLinking.Auto"/>.</summary>
    public int InlineLinkingLimit { get; init; } = 256;

    /// <summary>The mode for a call of <paramref name="count"/> memories.</summary>
    public RelationLinking Resolve(int count) => Relations switch
    {
        RelationLinking.Auto => count > InlineLinkingLimit ? RelationLinking.Deferred : RelationLinking.Inline,
        var mode => mode,
    };
}

/// <summary>When an import relates its memories to similar and same-tag memories.</summary>
public enum RelationLinking
{
    /// <summary>Inline for small calls, deferred for large imports.</summary>
    Auto,

    /// <summary>In the write's own transaction (one vector search per memory before it is stored).</summary>
    Inline,

    /// <summary>
    /// Queued with the memory in the same transaction and linked by a background pass once the vectors are in the
    /// HNSW graph; the queue survives restarts. Much faster imports; relations appear shortly after.
    /// </summary>
    Deferred,

    /// <summary>No cheap relations (they can be added later through the relations API).</summary>
    None,
}
