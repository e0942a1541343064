using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PeroCore.Evaluation.Bench;

namespace PeroCore.Benchmarks;

/// <summary>
/// ANN top-20 over 10k, 100k and 1M clustered 384-d vectors with the engine's index settings (M 16, efC 128, efS 64,
/// f32). The indexes are built once and cached in <c>bench/.cache</c> (1M: several minutes the first time).
/// Recall@20 against exact search is computed in GlobalSetup and shown in the Recall@20 column.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class AnnSearchBenchmarks
{
    private AnnWorkload? _ann;
    private int _next;

    /// <summary>Number of vectors.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Loads or builds the index and measures recall.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ann = AnnWorkload.LoadOrBuildAsync(N, BenchPaths.RepositoryCache(), log: Console.Out).GetAwaiter().GetResult();
        var recall = _ann.RecallAtK(N >= 1_000_000 ? 50 : 200);
        FileColumn.Write($"ann-recall-{N}", recall.ToString("F3", CultureInfo.InvariantCulture));
    }

    /// <summary>Releases the index.</summary>
    [GlobalCleanup]
    public void Cleanup() => _ann?.Dispose();

    /// <summary>One top-20 query (the queries rotate).</summary>
    [Benchmark]
    public int SearchTop20() => _ann!.Search(_next++);

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new FileColumn("Recall@20", "Mean recall@20 against exact search", c => "ann-recall-" + FileColumn.Param(c, "N")));
    }
}
