using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PeroCore.Evaluation.Bench;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Benchmarks;

/// <summary>Single durable insert: <see cref="MemoryEngine.AddAsync"/> with the vector given, into a growing store.</summary>
[MemoryDiagnoser]
public class SingleInsertBenchmarks
{
    private string? _folder;
    private PeroStore? _store;
    private HashingEmbeddingGenerator? _embedder;
    private MemoryEngine? _engine;
    private List<NewMemory>? _inputs;
    private int _next;

    /// <summary>Opens a fresh engine in a temporary folder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(BenchPaths.RepositoryCache(), "tmp", "insert-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        _store = PeroStore.OpenAsync(Path.Combine(_folder, "perocore.db")).GetAwaiter().GetResult();
        _embedder = new HashingEmbeddingGenerator(BenchData.Dimensions);
        _engine = MemoryEngine.OpenAsync(_store, _embedder, new MemoryEngineOptions { IndexDirectory = _folder }).GetAwaiter().GetResult();
        _inputs = EngineWorkload.Inputs(4096, 21, 100);
    }

    /// <summary>Closes and deletes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _embedder?.Dispose();
        Directory.Delete(_folder!, recursive: true);
    }

    /// <summary>One insert (inputs cycle; repeated text is stored again as a new memory).</summary>
    [Benchmark]
    public Task<MemoryRecord> AddWithVector() => _engine!.AddAsync(_inputs![_next++ % _inputs.Count]);
}

/// <summary>
/// Bulk import of 10k memories with vectors (<see cref="MemoryEngine.ImportAsync"/>) into a fresh store, and index
/// catch-up of 10k vectors into a fresh HNSW graph from two threads. One operation = one memory or vector, so the
/// reported mean is per item (throughput = 1 / mean).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class BulkBenchmarks
{
    private const int Items = 10_000;
    private List<NewMemory>? _inputs;
    private float[][]? _vectors;
    private string? _folder;
    private PeroStore? _store;
    private HashingEmbeddingGenerator? _embedder;
    private MemoryEngine? _engine;
    private VectorIndex? _index;

    /// <summary>
    /// How relations are linked: <see cref="RelationLinking.Auto"/> (a 10k import defers them, and the HNSW insertion,
    /// to the background) or <see cref="RelationLinking.Inline"/> (one vector search per memory before it is written).
    /// </summary>
    [Params(RelationLinking.Auto, RelationLinking.Inline)]
    public RelationLinking Linking { get; set; }

    /// <summary>Generates the data once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _inputs = EngineWorkload.Inputs(Items, 23, BenchData.ClusterCount(Items));
        _vectors = BenchData.ClusteredVectors(Items, 29);
    }

    /// <summary>Fresh store and engine (import) or index (catch-up) per iteration.</summary>
    [IterationSetup]
    public void IterationSetup()
    {
        _folder = Path.Combine(BenchPaths.RepositoryCache(), "tmp", "import-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        _store = PeroStore.OpenAsync(Path.Combine(_folder, "perocore.db")).GetAwaiter().GetResult();
        _embedder = new HashingEmbeddingGenerator(BenchData.Dimensions);
        _engine = MemoryEngine.OpenAsync(_store, _embedder, new MemoryEngineOptions()).GetAwaiter().GetResult();
        var indexOptions = new VectorIndexOptions { Dimensions = BenchData.Dimensions, IndexingThreads = 2 };
        _index = VectorIndex.Create(indexOptions);
    }

    /// <summary>Closes and deletes.</summary>
    [IterationCleanup]
    public void IterationCleanup()
    {
        _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _embedder?.Dispose();
        _index?.Dispose();
        Directory.Delete(_folder!, recursive: true);
    }

    /// <summary>ImportAsync of 10k memories with vectors.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public Task BulkImport10k() => _engine!.ImportAsync(_inputs!, options: new ImportOptions { Relations = Linking });

    /// <summary>10k vectors into HNSW (2 threads), waiting until all are in the graph.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public Task CatchUp10k() => AnnWorkload.InsertAllAsync(_index!, _vectors!);
}
