namespace PeroCore.Memory.Embeddings;

/// <summary>Settings of <see cref="ArcticXsEmbeddingGenerator"/>.</summary>
public sealed class ArcticXsEmbeddingOptions
{
    /// <summary>The prefix snowflake-arctic-embed expects in front of search queries (not documents).</summary>
    public const string DefaultQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>
    /// Gets or sets the number of ONNX Runtime intra-op threads per inference (default 1, so embedding
    /// does not take every core of a small machine). 0 lets ONNX Runtime choose.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Gets or sets how many inference batches may run at the same time (default 1). With
    /// <see cref="IntraOpThreads"/> = 1 this is the number of cores embedding can use.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 1;

    /// <summary>
    /// Gets or sets how many inference calls one request of more than <see cref="MaxBatchSize"/> texts (a bulk import,
    /// a migration, re-embedding after a model change) may run at once (default 0: as many as the cores allow at
    /// <see cref="IntraOpThreads"/> threads each; 1 when ONNX Runtime chooses its threads). The bulk calls do
    /// not count against <see cref="MaxConcurrentBatches"/>, so searches keep being answered while a bulk request runs.
    /// </summary>
    public int BulkParallelism { get; set; }

    /// <summary>Gets or sets the largest number of texts sent to the model in one inference call (default 32).</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Gets or sets the prefix added to texts embedded with <see cref="EmbeddingPurpose.Query"/>.</summary>
    public string QueryPrefix { get; set; } = DefaultQueryPrefix;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentBatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(BulkParallelism);
        ArgumentNullException.ThrowIfNull(QueryPrefix);
    }
}
