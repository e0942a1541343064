namespace PeroCore.Memory.Ingestion;

/// <summary>A memory to write through the ingestion pipeline.</summary>
public sealed record MemoryInput
{
    /// <summary>The text; cleaned before it is stored, must not be blank.</summary>
    public required string Content { get; init; }

    /// <summary>Tags (normalised).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Cluster labels, or null.</summary>
    public string? Clusters { get; init; }

    /// <summary>Importance 0..10.</summary>
    public int Importance { get; init; } = 1;

    /// <summary>Retrieval importance 0..10 (defaults to <see cref="Importance"/>, at least 1).</summary>
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

    /// <summary>A precomputed vector of the index text (must match the model's dimension); null to embed.</summary>
    public float[]? Embedding { get; init; }
}
