namespace PeroCore.Memory.Indexing;

/// <summary>Settings of a <see cref="VectorIndex"/>. The dimension is fixed when the index is created.</summary>
public sealed class VectorIndexOptions
{
    /// <summary>Gets or sets the vector length (required, for example 384).</summary>
    public int Dimensions { get; set; }

    /// <summary>Gets or sets the storage precision (default <see cref="VectorQuantization.Float32"/>).</summary>
    public VectorQuantization Quantization { get; set; } = VectorQuantization.Float32;

    /// <summary>Gets or sets the HNSW connectivity M (default 16).</summary>
    public int Connectivity { get; set; } = 16;

    /// <summary>Gets or sets the HNSW expansion factor used while inserting, efConstruction (default 128).</summary>
    public int ExpansionAdd { get; set; } = 128;

    /// <summary>Gets or sets the HNSW expansion factor used while searching, efSearch (default 64).</summary>
    public int ExpansionSearch { get; set; } = 64;

    /// <summary>
    /// Gets or sets a value indicating whether efSearch follows the index size: <see cref="ExpansionSearch"/> at
    /// 100,000 vectors and doubled for every tenfold step away from it, in both directions (rounded up to a multiple of
    /// 8, and never more than the number of vectors). Large indexes keep their recall (on 1M clustered vectors efSearch
    /// 48 gives recall@20 0.86, 96 gives 0.97); small ones, whose searches are cheap anyway, are searched almost
    /// exhaustively (on LoCoMo conversations of 400-700 real embeddings, efSearch 48 lost a point of dense recall
    /// against 128 or more). Default false: always <see cref="ExpansionSearch"/>.
    /// </summary>
    public bool ScaleExpansionSearch { get; set; }

    /// <summary>The efSearch used for an index of <paramref name="size"/> vectors under these options.</summary>
    public int EffectiveExpansionSearch(long size)
    {
        if (!ScaleExpansionSearch || size <= 0)
        {
            return ExpansionSearch;
        }

        var scaled = ExpansionSearch * Math.Pow(2, Math.Abs(Math.Log10(size / 100_000.0)));
        var rounded = Math.Ceiling(scaled / 8) * 8;
        return (int)Math.Min(int.MaxValue, Math.Min(rounded, Math.Max(size, ExpansionSearch)));
    }

    /// <summary>
    /// Gets or sets when vectors move from the pending buffer into the HNSW graph (default
    /// <see cref="VectorIndexingMode.Background"/>).
    /// </summary>
    public VectorIndexingMode IndexingMode { get; set; } = VectorIndexingMode.Background;

    /// <summary>Gets or sets the number of threads that insert into the graph (default: 2, or 1 on a single core).</summary>
    public int IndexingThreads { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>Gets or sets how many pending vectors one background round inserts (default 256).</summary>
    public int IndexingBatchSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many searches may run inside the native index at once (default: 2 × processor count,
    /// at least 4). Further searches wait; USearch needs one pre-allocated context per concurrent call.
    /// </summary>
    public int MaxConcurrentSearches { get; set; } = Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>Gets or sets the number of vectors reserved when the index is created (default 1024).</summary>
    public int InitialCapacity { get; set; } = 1024;

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="VectorIndex.Open"/> loads the file at once (default false:
    /// it is loaded on the first operation).
    /// </summary>
    public bool LoadEagerly { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimensions, 1, nameof(Dimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(Connectivity, 2, nameof(Connectivity));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionAdd, 1, nameof(ExpansionAdd));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionSearch, 1, nameof(ExpansionSearch));
        ArgumentOutOfRangeException.ThrowIfLessThan(IndexingThreads, 1, nameof(IndexingThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(IndexingBatchSize, 1, nameof(IndexingBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentSearches, 1, nameof(MaxConcurrentSearches));
        ArgumentOutOfRangeException.ThrowIfNegative(InitialCapacity, nameof(InitialCapacity));
        if (!Enum.IsDefined(IndexingMode))
        {
            throw new ArgumentOutOfRangeException(nameof(IndexingMode), IndexingMode, "Unknown indexing mode.");
        }

        if (!Enum.IsDefined(Quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(Quantization), Quantization, "Unknown quantization.");
        }
    }

    /// <summary>Returns a copy, so later changes to this instance do not affect an open index.</summary>
    /// <returns>The copy.</returns>
    public VectorIndexOptions Clone() => (VectorIndexOptions)MemberwiseClone();
}
