namespace PeroCore.Memory.Storage;

/// <summary>What a caller supplies to create a memory; the store fills ids, links and times.</summary>
public sealed record NewMemory
{
    /// <summary>The memory text; must not be blank.</summary>
    public required string Content { get; init; }

    /// <summary>Tags; normalised on write.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Cluster labels, or null.</summary>
    public string? Clusters { get; init; }

    /// <summary>Importance 0..10.</summary>
    public int Importance { get; init; } = 1;

    /// <summary>Retrieval importance 0..10; defaults to <see cref="Importance"/> when null (clamped to at least 1).</summary>
    public double? BaseImportance { get; init; }

    /// <summary>Sentiment label.</summary>
    public string Sentiment { get; init; } = "neutral";

    /// <summary>Creation time; null means now.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Front-end message timestamp, if any.</summary>
    public string? MsgTimestamp { get; init; }

    /// <summary>Producer.</summary>
    public string Source { get; init; } = "desktop";

    /// <summary>Kind.</summary>
    public string Type { get; init; } = "event";

    /// <summary>
    /// The vector to index (must match the model's dimension), or null: the store keeps the memory unembedded and
    /// the engine embeds its text.
    /// </summary>
    public float[]? Embedding { get; init; }

    /// <summary>Identity of the model that produced <see cref="Embedding"/> (the engine sets it to its own model).</summary>
    public string? EmbeddingModel { get; init; }
}
