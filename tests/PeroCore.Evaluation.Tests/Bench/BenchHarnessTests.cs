using PeroCore.Evaluation.Bench;

namespace PeroCore.Evaluation.Tests.Bench;

public sealed class BenchHarnessTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "perocore-bench-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Fact]
    public async Task Tiny_run_produces_every_row_and_a_markdown_table()
    {
        var options = new BenchOptions
        {
            CacheDirectory = _cache,
            AnnSizes = [300, 1000],
            EngineSize = 600,
            SpreadSizes = [500],
            ImportSize = 200,
            LargeImportSize = 400,
            CatchUpSize = 200,
            InsertCount = 10,
            QuerySamples = 20,
            CaseBudget = TimeSpan.FromSeconds(2),
            IncludeModel = true,
        };

        var report = await BenchHarness.RunAsync(options);

        string[] expected =
        [
            "ANN top-20, 300 ", "ANN top-20, 1k ", "Dense recall path", "Lexical recall path", "Hybrid recall path", "Default recall path (hybrid", "Default recall path as before the second stage", "Spread, 20 seeds",
            "NIT parse + run", "NIT stream filter", "Query embedding", "Single durable insert", "Bulk import, 200 memories", "Bulk import, 200, until HNSW-indexed and linked",
            "Bulk import, 200, relations linked inline",
            "Bulk import, 400, until HNSW-indexed and linked",
            "Index catch-up",
        ];
        Assert.Equal(expected.Length, report.Rows.Count);
        foreach (var (prefix, row) in expected.Zip(report.Rows))
        {
            Assert.StartsWith(prefix, row.Case, StringComparison.Ordinal);
            Assert.True(row.Median > 0 && double.IsFinite(row.Median), $"{row.Case}: median {row.Median}");
            Assert.True(row.P99 > 0 && double.IsFinite(row.P99), $"{row.Case}: p99 {row.P99}");
        }

        // Small clustered sets are easy: the HNSW graph must find (nearly) the exact top-20.
        var recall = double.Parse(System.Text.RegularExpressions.Regex.Match(report.Rows[1].Notes, @"recall@20 ([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(recall, 0.95, 1.0);
        // Sizes below the targets' sizes are not judged against them.
        Assert.Null(report.Rows[2].Met);
        var table = report.ToMarkdown();
        Assert.Contains("| Case | Median |", table, StringComparison.Ordinal);
        Assert.Contains(Environment.ProcessorCount + " cores", table, StringComparison.Ordinal);
        Assert.Equal(expected.Length + 2, table.Split('\n').Count(l => l.StartsWith('|')));

        // The second run reuses the cached index and engine instead of building them again.
        Assert.True(File.Exists(Path.Combine(_cache, "ann-1000-f16.usearch")));
        Assert.True(File.Exists(Path.Combine(_cache, "engine-600", "complete-v1")));
        var again = await BenchHarness.RunAsync(options with { AnnSizes = [1000], IncludeModel = false });
        Assert.Contains("index from cache", again.Rows[0].Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_is_deterministic_and_unit_length()
    {
        var a = BenchData.ClusteredVectors(5000, 3);
        var b = BenchData.ClusteredVectors(5000, 3);
        Assert.Equal(a[4321], b[4321]);
        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm<float>(a[17]), 0.999f, 1.001f);
        Assert.Equal(BenchData.Turn(42, 50), BenchData.Turn(42, 50));
        var (nodes, links, relations) = BenchData.Graph(1000, 1);
        Assert.Equal(1000, nodes.Length);
        Assert.Equal(999, links.Length);
        Assert.Equal(4000, relations.Length);
        Assert.All(relations, r => Assert.True(r.Item1 != r.Item2 && r.Item3 is >= 0.1f and <= 1f));
        Assert.Equal(20, BenchData.Seeds(1000, 20, 5).Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Percentiles_use_nearest_rank()
    {
        double[] values = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        Assert.Equal(50, BenchStats.Percentile(values, 50));
        Assert.Equal(99, BenchStats.Percentile(values, 99));
        Assert.Equal(1, BenchStats.Percentile(values, 1));
    }
}
