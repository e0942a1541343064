using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PeroCore.Evaluation.Bench;

namespace PeroCore.Benchmarks;

/// <summary>
/// Spreading activation (20 seeds, 3 steps, default preset) on the fixed graph: N nodes on a time chain (0.2) plus
/// 4·N relations weighted 0.5·U(0.1, 1). The Activated column is the median activated node count.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class SpreadBenchmarks
{
    private SpreadWorkload? _spread;
    private int _next;

    /// <summary>Number of nodes.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Builds the graph and records the activated counts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _spread = new SpreadWorkload(N);
        var counts = Enumerable.Range(0, 64).Select(i => (double)_spread.Spread(i)).ToList();
        FileColumn.Write($"spread-activated-{N}", BenchStats.Percentile(counts, 50).ToString("F0", CultureInfo.InvariantCulture));
    }

    /// <summary>One spread (seed sets rotate); returns the activated node count.</summary>
    [Benchmark]
    public int Spread20Seeds3Steps() => _spread!.Spread(_next++);

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new FileColumn("Activated", "Median activated node count", c => "spread-activated-" + FileColumn.Param(c, "N")));
    }
}
