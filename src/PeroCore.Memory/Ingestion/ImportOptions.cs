namespace PeroCore.Memory.Ingestion;

/// <summary>How a bulk import writes.</summary>
public sealed record ImportOptions
{
    /// <summary>The defaults: relate each memory to its nearest neighbours and to memories sharing a tag.</summary>
    public static ImportOptions Default { get; } = new();

    /// <summary>
    /// Relate each memory to similar and same-tag memories (one vector search per memory). Turning it off makes
    /// imports of precomputed vectors several times faster; relations can be added later.
    /// </summary>
    public bool LinkRelations { get; init; } = true;
}
