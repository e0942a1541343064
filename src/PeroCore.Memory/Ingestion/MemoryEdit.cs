namespace PeroCore.Memory.Ingestion;

/// <summary>Changes to an existing memory; null fields stay as they are.</summary>
public sealed record MemoryEdit
{
    /// <summary>New text (re-embedded).</summary>
    public string? Content { get; init; }

    /// <summary>New tags (re-embedded).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>New clusters.</summary>
    public string? Clusters { get; init; }

    /// <summary>New importance 0..10 (base importance follows when it was lower).</summary>
    public int? Importance { get; init; }

    /// <summary>New retrieval importance 0..10.</summary>
    public double? BaseImportance { get; init; }

    /// <summary>New sentiment.</summary>
    public string? Sentiment { get; init; }

    /// <summary>New type.</summary>
    public string? Type { get; init; }

    /// <summary>New time (the memory moves on the time axis).</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
