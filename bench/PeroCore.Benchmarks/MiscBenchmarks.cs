using BenchmarkDotNet.Attributes;
using PeroCore.Evaluation.Bench;
using PeroCore.Memory.Embeddings;
using PeroCore.Nit.Parsing;

namespace PeroCore.Benchmarks;

/// <summary>Query embedding with the embedded ArcticXs model (384-d).</summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private readonly string[] _questions = [.. Enumerable.Range(0, 50).Select(i => BenchData.Question(i, i))];
    private ArcticXsEmbeddingGenerator? _model;
    private int _next;

    /// <summary>Loads the model.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _model = new ArcticXsEmbeddingGenerator();
        _model.EmbedQueryAsync("warm up").GetAwaiter().GetResult();
    }

    /// <summary>Unloads the model.</summary>
    [GlobalCleanup]
    public void Cleanup() => _model?.Dispose();

    /// <summary>One query.</summary>
    [Benchmark]
    public Task<float[]> EmbedQuery() => _model!.EmbedQueryAsync(_questions[_next++ % _questions.Length]);
}

/// <summary>NIT: parse + run of a 10-statement script with instant tools; parse alone; the stream filter.</summary>
[MemoryDiagnoser]
public class NitBenchmarks
{
    private readonly NitWorkload _nit = new();
    private readonly StreamWorkload _stream = new();

    /// <summary>Bytes per stream-filter operation (64 KiB of markup-dense text in 16-char deltas): MB/s = Bytes / mean.</summary>
    public int StreamBytes => _stream.Bytes;

    /// <summary>Parse and run.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<int> ParseAndRun10Statements() => _nit.ParseAndRunAsync();

    /// <summary>Parse only.</summary>
    [Benchmark]
    public int Parse10Statements() => NitParser.Parse(BenchData.NitScript).Statements.Count;

    /// <summary>The whole text through the stream filter (the mean divided into <see cref="StreamBytes"/> is the MB/s).</summary>
    [Benchmark]
    public int StreamFilter64KiB() => _stream.Run();
}
