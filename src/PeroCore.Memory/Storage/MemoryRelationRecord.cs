namespace PeroCore.Memory.Storage;

/// <summary>One edge of the memory graph.</summary>
public sealed record MemoryRelationRecord
{
    /// <summary>Row id.</summary>
    public required long Id { get; init; }

    /// <summary>Source memory.</summary>
    public required long SourceId { get; init; }

    /// <summary>Target memory.</summary>
    public required long TargetId { get; init; }

    /// <summary>One of <see cref="RelationTypes.All"/>.</summary>
    public required string RelationType { get; init; }

    /// <summary>0..1.</summary>
    public required double Strength { get; init; }

    /// <summary>Why the memories are related, if known.</summary>
    public string? Description { get; init; }

    /// <summary>Creation time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
