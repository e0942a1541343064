using PeroCore.Memory.Graph;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Text;

namespace PeroCore.Memory;

/// <summary>Settings of a <see cref="MemoryEngine"/>.</summary>
public sealed record MemoryEngineOptions
{
    /// <summary>Folder of the index files (<c>memory.usearch</c>, <c>tags.usearch</c>); null keeps the indexes in memory only.</summary>
    public string? IndexDirectory { get; init; }

    /// <summary>HNSW settings shared by the memory and tag indexes (the dimension is taken from the model).</summary>
    public VectorIndexOptions Index { get; init; } = new();

    /// <summary>
    /// Edge weights of the spreading graph: relations 0.5 × strength, time axis 0.6 (tuned for the Default recall;
    /// the original, and <see cref="RecallOptions.SeedCompat"/>, use 0.2: <see cref="MemoryGraphOptions.Default"/>).
    /// </summary>
    public MemoryGraphOptions Graph { get; init; } = MemoryGraphOptions.Default with { TimeWeight = 0.6f };

    /// <summary>Cheap relations, cleaning and index-save policy at ingestion.</summary>
    public IngestionOptions Ingestion { get; init; } = new();

    /// <summary>Recall defaults (a request can override them).</summary>
    public RecallOptions Recall { get; init; } = RecallOptions.Default;

    /// <summary>Optional second-stage reranker applied to the final pool of every recall (null keeps the score order).</summary>
    public IMemoryReranker? Reranker { get; init; }

    /// <summary>Clock for timestamps and ages.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How memories fade and are archived (<see cref="MemoryEngine.ForgetAsync"/>).</summary>
    public History.ForgettingOptions Forgetting { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        Index.Validate();
        Graph.Validate();
        Ingestion.Validate();
        Recall.Validate();
        Forgetting.Validate();
    }
}
