using BenchmarkDotNet.Attributes;
using PeroCore.Evaluation.Bench;
using PeroCore.Memory.Recall;

namespace PeroCore.Benchmarks;

/// <summary>
/// The engine's recall paths over 100k LoCoMo-style memories with precomputed vectors, excluding query embedding:
/// dense (ANN + row loads), hybrid (ANN + FTS5 BM25, reciprocal rank fusion) and the default path (hybrid + spread).
/// </summary>
[MemoryDiagnoser]
public class RecallPathBenchmarks
{
    private EngineWorkload? _engine;
    private int _next;

    /// <summary>Number of memories.</summary>
    [Params(100_000)]
    public int N { get; set; }

    /// <summary>Loads or builds the cached engine.</summary>
    [GlobalSetup]
    public void Setup() => _engine = EngineWorkload.LoadOrBuildAsync(N, BenchPaths.RepositoryCache(), log: Console.Out).GetAwaiter().GetResult();

    /// <summary>Closes the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Dense recall.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> Dense() => _engine!.RecallAsync(RecallMode.Dense, _next++).AsTask();

    /// <summary>Hybrid recall.</summary>
    [Benchmark]
    public Task<int> Hybrid() => _engine!.RecallAsync(RecallMode.Hybrid, _next++).AsTask();

    /// <summary>Default recall (hybrid candidates + spreading activation).</summary>
    [Benchmark]
    public Task<int> DefaultWithSpread() => _engine!.RecallAsync(RecallMode.Default, _next++).AsTask();
}
