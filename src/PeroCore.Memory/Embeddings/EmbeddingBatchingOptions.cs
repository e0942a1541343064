namespace PeroCore.Memory.Embeddings;

/// <summary>Settings of <see cref="MicroBatchingEmbeddingGenerator"/>.</summary>
public sealed class EmbeddingBatchingOptions
{
    /// <summary>The default <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 32;

    /// <summary>
    /// Gets or sets how long the batcher waits for more requests once one has arrived and the model is free
    /// (default 0: requests that queue while the model is busy are coalesced anyway, so a lone request never
    /// waits). A small wait (a millisecond or two) gathers requests that arrive just apart.
    /// </summary>
    public TimeSpan BatchWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Gets or sets the largest number of texts coalesced into one model call (default 32). A single request with
    /// this many texts or more is not coalesced: it goes to the model on its own (which splits it as it needs).
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// Gets or sets how many coalesced batches may be at the model at once (default 1). With 1, requests that arrive
    /// while a batch runs wait and form the next, larger batch; with 2 on a model that runs one batch per core (ArcticXs
    /// with one intra-op thread), a second batch starts on the other core instead, which trades batch size for cores.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 1;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchWait, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentBatches, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrentBatches, 64);
    }
}
