using PeroCore.Memory.Text;

namespace PeroCore.Memory.Ingestion;

/// <summary>How memories are written: cleaning, cheap relations, and when the indexes are saved.</summary>
public sealed record IngestionOptions
{
    /// <summary>Cleaning applied to memory content (base64 images, upper-case tag blocks, length cap).</summary>
    public TextCleanerOptions Cleaner { get; init; } = TextCleanerOptions.Default with { MaxLength = 4000 };

    /// <summary>Words masked or rejected in memory content; empty disables the filter.</summary>
    public IReadOnlyList<string> SensitiveWords { get; init; } = [];

    /// <summary>Mask the words, or reject the memory.</summary>
    public SensitiveWordMode SensitiveWordMode { get; init; } = SensitiveWordMode.Mask;

    /// <summary>A new memory is related to existing memories whose cosine is at least this (associative).</summary>
    public double NeighbourSimilarityThreshold { get; init; } = 0.86;

    /// <summary>At most this many neighbour relations per new memory.</summary>
    public int MaxNeighbourLinks { get; init; } = 3;

    /// <summary>At most this many relations to the latest memories sharing a tag (thematic).</summary>
    public int MaxTagLinks { get; init; } = 3;

    /// <summary>Strength of a shared-tag relation.</summary>
    public double TagLinkStrength { get; init; } = 0.5;

    /// <summary>Save the indexes after this many writes...</summary>
    public int SaveEveryWrites { get; init; } = 512;

    /// <summary>...or this long after the first unsaved write, whichever comes first.</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At shutdown the vector index is saved once the vectors still waiting for the HNSW graph are in it. With more
    /// waiting than this (a large import or a re-embedding cut short), the final save is skipped instead, exactly as
    /// after a crash: the database has every committed write, and the next start inserts what the saved index lacks
    /// (from the change log, or by a rebuild). Inserting a large backlog would keep the process from exiting for
    /// minutes (about 1,500 vectors a second on two cores), longer than a service manager waits before it kills it.
    /// </summary>
    public int ShutdownDrainLimit { get; init; } = 20_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (ShutdownDrainLimit < 0)
        {
            throw new ArgumentException($"{nameof(ShutdownDrainLimit)} must not be negative.");
        }

        Cleaner.Validate();
        if (!double.IsFinite(NeighbourSimilarityThreshold) || NeighbourSimilarityThreshold is < -1 or > 1)
        {
            throw new ArgumentException($"{nameof(NeighbourSimilarityThreshold)} must be between -1 and 1.");
        }

        if (MaxNeighbourLinks is < 0 or > 64 || MaxTagLinks is < 0 or > 64)
        {
            throw new ArgumentException($"{nameof(MaxNeighbourLinks)} and {nameof(MaxTagLinks)} must be between 0 and 64.");
        }

        if (!double.IsFinite(TagLinkStrength) || TagLinkStrength is < 0 or > 1)
        {
            throw new ArgumentException($"{nameof(TagLinkStrength)} must be between 0 and 1.");
        }

        if (SaveEveryWrites < 1 || SaveInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(SaveEveryWrites)} and {nameof(SaveInterval)} must be positive.");
        }
    }
}
