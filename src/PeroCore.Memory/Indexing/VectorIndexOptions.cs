namespace PeroCore.Memory.Indexing;

/// <summary>
/// Settings of a <see cref="VectorIndex"/> (HNSW, precision, background indexing), immutable: an open index keeps
/// the options it was created with. The defaults are the production settings the engine and the benchmarks use.
/// The engine takes <see cref="Dimensions"/> from the embedding model; a <see cref="VectorIndex"/> created directly
/// needs it set.
/// </summary>
public sealed record VectorIndexOptions
{
    /// <summary>The vector length (for example 384); 0 in the engine's settings, where the model decides it.</summary>
    public int Dimensions { get; init; }

    /// <summary>
    /// Storage precision of the vectors in the graph (SQLite keeps the float32 originals; recall re-scores with them).
    /// Default float16: on 100k clustered 384-d vectors, recall@20 0.999 as with float32, in half the memory and
    /// 20–30% less search time.
    /// </summary>
    public VectorQuantization Quantization { get; init; } = VectorQuantization.Float16;

    /// <summary>HNSW connectivity M (default 16).</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>HNSW expansion factor while inserting, efConstruction (default 128).</summary>
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>
    /// efConstruction of an indexing round that starts with a backlog of at least <see cref="BulkBacklog"/> vectors
    /// (a bulk import, a rebuild, a catch-up), or 0 to always use <see cref="ExpansionAdd"/>. Default 0 until measured.
    /// </summary>
    public int BulkExpansionAdd { get; init; }

    /// <summary>The backlog (vectors waiting for the graph) from which a round inserts with <see cref="BulkExpansionAdd"/> (default 4096).</summary>
    public int BulkBacklog { get; init; } = 4096;

    /// <summary>
    /// HNSW expansion factor while searching, efSearch, at 100,000 vectors (default 48: on 100k clustered 384-d
    /// vectors, recall@20 0.999 at 0.26 ms p50, against 1.000 at 0.34 ms for 64; measured with <c>perocore bench</c>).
    /// </summary>
    public int ExpansionSearch { get; init; } = 48;

    /// <summary>
    /// Whether efSearch follows the index size: <see cref="ExpansionSearch"/> at 100,000 vectors and doubled for every
    /// tenfold step away from it, in both directions (rounded up to a multiple of 8, and never more than the number
    /// of vectors). Large indexes keep their recall (on 1M clustered vectors efSearch 48 gives recall@20 0.86, 96
    /// gives 0.97); small ones, whose searches are cheap anyway, are searched almost exhaustively (on LoCoMo
    /// conversations of 400-700 real embeddings, efSearch 48 lost a point of dense recall against 128 or more).
    /// Default true; false always uses <see cref="ExpansionSearch"/>.
    /// </summary>
    public bool ScaleExpansionSearch { get; init; } = true;

    /// <summary>
    /// When vectors move from the pending buffer into the HNSW graph (default <see cref="VectorIndexingMode.Background"/>).
    /// </summary>
    public VectorIndexingMode IndexingMode { get; init; } = VectorIndexingMode.Background;

    /// <summary>Threads that insert into the graph (default: 2, or 1 on a single core; one thread builds the same graph every run).</summary>
    public int IndexingThreads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>How many pending vectors one background round inserts (default 256).</summary>
    public int IndexingBatchSize { get; init; } = 256;

    /// <summary>
    /// How many searches may run inside the native index at once (default: 2 × processor count, at least 4). Further
    /// searches wait; USearch needs one pre-allocated context per concurrent call.
    /// </summary>
    public int MaxConcurrentSearches { get; init; } = Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>The number of vectors reserved when the index is created (default 1024).</summary>
    public int InitialCapacity { get; init; } = 1024;

    /// <summary>
    /// Whether <see cref="VectorIndex.Open"/> loads the file at once (default false: it is loaded on the first
    /// operation; the engine loads its indexes at open).
    /// </summary>
    public bool LoadEagerly { get; init; }

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

    /// <summary>Checks the settings (a <see cref="Dimensions"/> of 0 is accepted here: an index requires it to be set).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Dimensions, nameof(Dimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(Connectivity, 2, nameof(Connectivity));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionAdd, 1, nameof(ExpansionAdd));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionSearch, 1, nameof(ExpansionSearch));
        ArgumentOutOfRangeException.ThrowIfNegative(BulkExpansionAdd, nameof(BulkExpansionAdd));
        ArgumentOutOfRangeException.ThrowIfLessThan(BulkBacklog, 1, nameof(BulkBacklog));
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

    /// <summary>Checks the settings for an index: as <see cref="Validate"/>, and the dimension must be set.</summary>
    internal void ValidateForIndex()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimensions, 1, nameof(Dimensions));
        Validate();
    }
}
