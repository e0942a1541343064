namespace PeroCore.Memory.Storage;

/// <summary>One memory row.</summary>
public sealed record MemoryRecord
{
    /// <summary>Row id; never reused after a delete.</summary>
    public required long Id { get; init; }

    /// <summary>The memory text.</summary>
    public required string Content { get; init; }

    /// <summary>Normalised tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Cluster labels such as <c>[情感偏好簇]</c>, comma-separated, or null.</summary>
    public string? Clusters { get; init; }

    /// <summary>Integer importance 0..10 as written by the producer.</summary>
    public int Importance { get; init; } = 1;

    /// <summary>Importance used by retrieval, 0..10, raised by reinforcement.</summary>
    public double BaseImportance { get; init; } = 1.0;

    /// <summary>How many times recall returned this memory with reinforcement on.</summary>
    public int AccessCount { get; init; }

    /// <summary>When reinforcement last touched it.</summary>
    public DateTimeOffset LastAccessed { get; init; }

    /// <summary>Free-text sentiment from the scorer.</summary>
    public string Sentiment { get; init; } = "neutral";

    /// <summary>Creation time; orders the time axis.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Previous memory on the time axis.</summary>
    public long? PrevId { get; init; }

    /// <summary>Next memory on the time axis.</summary>
    public long? NextId { get; init; }

    /// <summary>Front-end message timestamp this memory belongs to, if any.</summary>
    public string? MsgTimestamp { get; init; }

    /// <summary>Producer: desktop, ide, mobile, system, secretary...</summary>
    public string Source { get; init; } = "desktop";

    /// <summary>Kind: event, interaction_summary, reflection...</summary>
    public string Type { get; init; } = "event";

    /// <summary>The indexed vector, exactly as in the vector index, or null before embedding.</summary>
    public float[]? Embedding { get; init; }

    /// <summary>Identity of the model that produced <see cref="Embedding"/>.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Last change to the row.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the memory was archived (recall and lists leave it out unless asked), or null.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }
}
