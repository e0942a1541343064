using System.Diagnostics;
using System.Globalization;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Evaluation.Bench;

/// <summary>Sizes and switches of a <see cref="BenchHarness"/> run.</summary>
public sealed record BenchOptions
{
    /// <summary>Where built indexes and engines are cached (default <c>bench/.cache</c> under the current folder).</summary>
    public string CacheDirectory { get; init; } = Path.Combine("bench", ".cache");

    /// <summary>ANN index sizes.</summary>
    public IReadOnlyList<int> AnnSizes { get; init; } = [10_000, 100_000];

    /// <summary>Memories in the engine for the dense, hybrid and default recall paths.</summary>
    public int EngineSize { get; init; } = 100_000;

    /// <summary>Graph sizes for spreading activation.</summary>
    public IReadOnlyList<int> SpreadSizes { get; init; } = [100_000];

    /// <summary>Memories per bulk import.</summary>
    public int ImportSize { get; init; } = 10_000;

    /// <summary>
    /// Memories of the large bulk import, timed until indexed and linked beside <see cref="ImportSize"/> (one run; 0
    /// leaves it out).
    /// </summary>
    public int LargeImportSize { get; init; } = 100_000;

    /// <summary>Sizes of the <c>rss</c> group: the resident memory of a server holding that many memories (run by the CLI).</summary>
    public IReadOnlyList<int> RssSizes { get; init; } = [100_000];

    /// <summary>Vectors for the catch-up rate.</summary>
    public int CatchUpSize { get; init; } = 10_000;

    /// <summary>Measured single inserts.</summary>
    public int InsertCount { get; init; } = 300;

    /// <summary>Measured queries per search or recall case (fewer if a case exceeds its time budget).</summary>
    public int QuerySamples { get; init; } = 1000;

    /// <summary>Time budget of one latency case.</summary>
    public TimeSpan CaseBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra efSearch values tried on the smallest ANN size of at least 100k (same cached index), as what-if rows.</summary>
    public IReadOnlyList<int> ExpansionSearchSweep { get; init; } = [64, 32];

    /// <summary>Measure query embedding with the embedded ArcticXs model.</summary>
    public bool IncludeModel { get; init; } = true;

    /// <summary>
    /// The case groups to run (<see cref="BenchHarness.Groups"/>), or null for every group. Lets a change be measured
    /// without the whole run.
    /// </summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>True when <paramref name="group"/> is selected by <see cref="Only"/>.</summary>
    /// <param name="group">One of <see cref="BenchHarness.Groups"/>.</param>
    public bool Runs(string group) => Only is null || Only.Contains(group);

    /// <summary>The quick mode (the default of <c>perocore bench</c>).</summary>
    public static BenchOptions Quick { get; } = new();

    /// <summary>Quick plus the 1M-vector ANN and 1M-node spread cases (the first run builds a 1M index: about ten minutes).</summary>
    public static BenchOptions Full { get; } = new() { AnnSizes = [10_000, 100_000, 1_000_000], SpreadSizes = [100_000, 1_000_000], RssSizes = [100_000, 1_000_000] };
}

/// <summary>
/// The quick speed harness behind <c>perocore bench</c>: Stopwatch sampling with warm-up over every case, and one
/// markdown table of medians and p99s.
/// </summary>
public static class BenchHarness
{
    /// <summary>
    /// The case groups, in the order they run (the values <c>--only</c> takes). <c>http</c>, <c>embedimport</c> and
    /// <c>rss</c> need the server's composition or start a server process: the <c>perocore bench</c> command runs them
    /// after this harness.
    /// </summary>
    public static IReadOnlyList<string> Groups { get; } = ["ann", "recall", "spread", "nit", "stream", "embed", "insert", "import", "catchup", "http", "embedimport", "rss"];

    /// <summary>Runs every case.</summary>
    /// <param name="options">Sizes.</param>
    /// <param name="log">Progress lines (builds, cases), or null.</param>
    /// <returns>The report.</returns>
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = Stopwatch.StartNew();
        var report = new BenchReport();
        Directory.CreateDirectory(options.CacheDirectory);

        if (options.Runs("ann"))
        {
            foreach (var n in options.AnnSizes)
            {
                await AnnAsync(n, options, report, log).ConfigureAwait(false);
            }

            if (options.AnnSizes.Where(n => n >= 100_000).Order().FirstOrDefault() is var sweepSize and > 0)
            {
                foreach (var ef in options.ExpansionSearchSweep)
                {
                    await AnnAsync(sweepSize, options, report, log, new VectorIndexOptions { ExpansionSearch = ef }).ConfigureAwait(false);
                }

                // The same default settings with float32 storage, for the quantization trade-off.
                await AnnAsync(sweepSize, options, report, log, new VectorIndexOptions { Quantization = VectorQuantization.Float32 }).ConfigureAwait(false);
            }
        }

        if (options.Runs("recall"))
        {
            await RecallPathsAsync(options, report, log).ConfigureAwait(false);
        }

        if (options.Runs("spread"))
        {
            foreach (var n in options.SpreadSizes)
            {
                Spread(n, options, report, log);
            }
        }

        if (options.Runs("nit"))
        {
            await NitAsync(options, report, log).ConfigureAwait(false);
        }

        if (options.Runs("stream"))
        {
            Stream(report, log);
        }

        if (options.IncludeModel && options.Runs("embed"))
        {
            await EmbedAsync(options, report, log).ConfigureAwait(false);
        }

        if (options.Runs("insert"))
        {
            await SingleInsertAsync(options, report, log).ConfigureAwait(false);
        }

        if (options.Runs("import"))
        {
            await BulkImportAsync(options, report, log, neighbourLinks: true).ConfigureAwait(false);
            await BulkImportAsync(options, report, log, neighbourLinks: false).ConfigureAwait(false);
            if (options.LargeImportSize > 0)
            {
                await LargeImportAsync(options, report, log).ConfigureAwait(false);
            }
        }

        if (options.Runs("catchup"))
        {
            await CatchUpAsync(options, report, log).ConfigureAwait(false);
        }

        report.Elapsed = total.Elapsed;
        return report;
    }

    private static string Size(int n) => n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void Add(BenchReport report, TextWriter? log, BenchRow row)
    {
        report.Rows.Add(row);
        log?.WriteLine(Inv($"  {row.Case}: median {row.Median:G4} {row.Unit}, p99 {row.P99:G4}; {row.Notes}"));
    }

    private static BenchRow Latency(string name, double[] ms, string target, bool? met, string notes, bool micro = false)
    {
        var scale = micro ? 1000 : 1;
        return new BenchRow(name, BenchStats.Percentile(ms, 50) * scale, BenchStats.Percentile(ms, 99) * scale, micro ? "µs" : "ms", target, met,
            Inv($"{notes}{(notes.Length > 0 ? "; " : string.Empty)}{ms.Length} samples"));
    }

    private static async Task AnnAsync(int n, BenchOptions options, BenchReport report, TextWriter? log, VectorIndexOptions? settings = null)
    {
        log?.WriteLine(Inv($"ANN {Size(n)} ..."));
        var sweep = settings is not null;
        settings ??= new VectorIndexOptions();
        using var ann = await AnnWorkload.LoadOrBuildAsync(n, options.CacheDirectory, log: log, settings: settings).ConfigureAwait(false);
        var recall = ann.RecallAtK(n >= 1_000_000 ? 50 : null);
        // A freshly loaded index is cold (its pages are touched for the first time): warm up over every query five times.
        var ms = BenchStats.Sample(i => ann.Search(i), warmup: 1000, options.QuerySamples, budget: options.CaseBudget);
        var p50 = BenchStats.Percentile(ms, 50);
        (string target, bool? met) = n switch
        {
            _ when sweep => ("(what-if)", (bool?)null),
            100_000 => ("≤ 0.3 ms p50, R@20 ≥ 0.95", p50 <= 0.3 && recall >= 0.95),
            1_000_000 => ("≤ 1 ms p50, R@20 ≥ 0.95", p50 <= 1 && recall >= 0.95),
            _ => ("R@20 ≥ 0.95", recall >= 0.95),
        };
        var built = ann.BuildTime > TimeSpan.Zero ? Inv($"; built now at {n / ann.BuildTime.TotalSeconds:F0} vec/s") : "; index from cache";
        var efSearch = settings.EffectiveExpansionSearch(n);
        var precision = settings.Quantization switch
        {
            VectorQuantization.Float16 => "f16",
            VectorQuantization.Int8 => "i8",
            _ => "f32",
        };
        Add(report, log, Latency(Inv($"ANN top-20, {Size(n)} × 384-d {precision} (M{settings.Connectivity} efC{settings.ExpansionAdd} efS{efSearch})"), ms, target, met, Inv($"recall@20 {recall:F3}{built}")));
    }

    private static async Task RecallPathsAsync(BenchOptions options, BenchReport report, TextWriter? log)
    {
        var n = options.EngineSize;
        log?.WriteLine(Inv($"recall paths over {Size(n)} memories ..."));
        var engine = await EngineWorkload.LoadOrBuildAsync(n, options.CacheDirectory, log: log).ConfigureAwait(false);
        await using (engine.ConfigureAwait(false))
        {
            var at100k = n == 100_000;
            var samples = Math.Max(50, options.QuerySamples / 2);
            var before = Locomo.LocomoEvaluator.WithoutSecondStage(RecallOptions.Default);

            // Every path warmed up before any is measured: with tiered compilation, the first path measured would
            // otherwise run partly as unoptimised code (each new method restarts the JIT's tier-up delay), which made
            // the default path look twice as slow as the same path measured after it.
            var warm = Stopwatch.StartNew();
            for (var i = 0; i < 100 && warm.Elapsed < options.CaseBudget; i++)
            {
                foreach (var mode in new[] { RecallMode.Dense, RecallMode.Lexical, RecallMode.Hybrid, RecallMode.Default })
                {
                    await engine.RecallAsync(mode, i).ConfigureAwait(false);
                }

                await engine.RecallAsync(RecallMode.Default, i, before).ConfigureAwait(false);
            }

            var dense = await BenchStats.SampleAsync(async i => await engine.RecallAsync(RecallMode.Dense, i).ConfigureAwait(false), 20, samples, budget: options.CaseBudget).ConfigureAwait(false);
            Add(report, log, Latency(Inv($"Dense recall path, {Size(n)} memories (no query embedding)"), dense, "≤ 3 ms p50", at100k ? BenchStats.Percentile(dense, 50) <= 3 : null, "ANN top-20 + row load + result rows"));
            var lexical = await BenchStats.SampleAsync(async i => await engine.RecallAsync(RecallMode.Lexical, i).ConfigureAwait(false), 20, samples, budget: options.CaseBudget).ConfigureAwait(false);
            Add(report, log, Latency(Inv($"Lexical recall path, {Size(n)} memories"), lexical, "≤ 3 ms p50", at100k ? BenchStats.Percentile(lexical, 50) <= 3 : null,
                "FTS5 BM25 top-20 + row load + result rows; LoCoMo-style questions"));
            var hybrid = await BenchStats.SampleAsync(async i => await engine.RecallAsync(RecallMode.Hybrid, i).ConfigureAwait(false), 20, samples, budget: options.CaseBudget).ConfigureAwait(false);
            Add(report, log, Latency(Inv($"Hybrid recall path, {Size(n)} memories (no query embedding)"), hybrid, "≤ 5 ms p50, ≤ 30 ms p99",
                at100k ? BenchStats.Percentile(hybrid, 50) <= 5 && BenchStats.Percentile(hybrid, 99) <= 30 : null, "ANN + FTS5 BM25, RRF; LoCoMo-style questions"));
            var spread = await BenchStats.SampleAsync(async i => await engine.RecallAsync(RecallMode.Default, i).ConfigureAwait(false), 20, samples, budget: options.CaseBudget).ConfigureAwait(false);
            Add(report, log, Latency(Inv($"Default recall path (hybrid + spread), {Size(n)} memories"), spread, string.Empty, null, "informational"));
            var first = await BenchStats.SampleAsync(async i => await engine.RecallAsync(RecallMode.Default, i, before).ConfigureAwait(false), 20, samples, budget: options.CaseBudget).ConfigureAwait(false);
            Add(report, log, Latency(Inv($"Default recall path as before the second stage, {Size(n)} memories"), first, string.Empty, null,
                "informational: 20 + 20 candidates, context signal only; the default takes 30 + 30 and re-scores its best 100 with the context, follow-up and length signals"));
        }
    }

    private static void Spread(int n, BenchOptions options, BenchReport report, TextWriter? log)
    {
        log?.WriteLine(Inv($"spread over {Size(n)} nodes ..."));
        var spread = new SpreadWorkload(n);
        var activated = new List<int>();
        var ms = BenchStats.Sample(i => activated.Add(spread.Spread(i)), warmup: 50, options.QuerySamples, budget: options.CaseBudget);
        var p50 = BenchStats.Percentile(ms, 50);
        Add(report, log, Latency(Inv($"Spread, 20 seeds × 3 steps, {Size(n)} nodes + {Size(4 * n)} relations"), ms, "≤ 1 ms at 1M",
            n == 1_000_000 ? p50 <= 1 : null, Inv($"activated nodes median {BenchStats.Percentile([.. activated.Select(a => (double)a)], 50):F0}; graph built in {spread.BuildTime.TotalSeconds:F2} s")));
    }

    private static async Task NitAsync(BenchOptions options, BenchReport report, TextWriter? log)
    {
        var nit = new NitWorkload();
        await using (nit.ConfigureAwait(false))
        {
            var ms = await BenchStats.SampleAsync(async _ => await nit.ParseAndRunAsync().ConfigureAwait(false), warmup: 2000, samples: 200, batch: 100, budget: options.CaseBudget).ConfigureAwait(false);
            Add(report, log, Latency("NIT parse + run, 10 statements, instant tools", ms, "≤ 20 µs p50", BenchStats.Percentile(ms, 50) * 1000 <= 20, "mean of 100 runs per sample", micro: true));
        }
    }

    private static void Stream(BenchReport report, TextWriter? log)
    {
        var stream = new StreamWorkload();
        var ms = BenchStats.Sample(_ => stream.Run(), warmup: 50, samples: 200, batch: 1);
        var rates = ms.Select(m => stream.Bytes / 1e6 / (m / 1000)).ToArray();
        var median = BenchStats.Percentile(rates, 50);
        Add(report, log, new BenchRow("NIT stream filter, 16-char deltas, markup-dense text", median, BenchStats.Percentile(rates, 1), "MB/s", "≥ 200 MB/s", median >= 200,
            Inv($"{stream.Bytes / 1024} KiB per sample (UTF-8); {ms.Length} samples")));
    }

    private static async Task EmbedAsync(BenchOptions options, BenchReport report, TextWriter? log)
    {
        log?.WriteLine("query embedding (ArcticXs) ...");
        using var model = new ArcticXsEmbeddingGenerator();
        var load = Stopwatch.StartNew();
        await model.EmbedQueryAsync("warm up").ConfigureAwait(false);
        var loaded = load.Elapsed;
        string[] questions = [.. Enumerable.Range(0, 50).Select(i => BenchData.Question(i, i))];
        var ms = await BenchStats.SampleAsync(async i => await model.EmbedQueryAsync(questions[i % questions.Length]).ConfigureAwait(false), 10, 200, budget: options.CaseBudget).ConfigureAwait(false);
        Add(report, log, Latency("Query embedding, ArcticXs 384-d (embedded model)", ms, string.Empty, null, Inv($"first call (load) {loaded.TotalSeconds:F1} s")));
    }

    private static string TempFolder(BenchOptions options, string name)
    {
        var folder = Path.Combine(options.CacheDirectory, "tmp", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless (bench/.cache is git-ignored).
        }
    }

    private static async Task SingleInsertAsync(BenchOptions options, BenchReport report, TextWriter? log)
    {
        log?.WriteLine("single durable insert ...");
        var folder = TempFolder(options, "insert");
        try
        {
            var inputs = EngineWorkload.Inputs(options.InsertCount + 20, 21, 100);
            var store = await PeroStore.OpenAsync(Path.Combine(folder, "perocore.db")).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                using var embedder = new HashingEmbeddingGenerator(BenchData.Dimensions);
                var engine = await MemoryEngine.OpenAsync(store, embedder, new MemoryEngineOptions { IndexDirectory = folder }).ConfigureAwait(false);
                await using (engine.ConfigureAwait(false))
                {
                    var ms = await BenchStats.SampleAsync(async i => await engine.AddAsync(inputs[i]).ConfigureAwait(false), 20, options.InsertCount, budget: options.CaseBudget).ConfigureAwait(false);
                    Add(report, log, Latency("Single durable insert (AddAsync, vector given)", ms, string.Empty, null, Inv($"SQLite WAL commit + FTS + links; ≈ {1000 / BenchStats.Percentile(ms, 50):F0} inserts/s")));
                }
            }
        }
        finally
        {
            DeleteQuietly(folder);
        }
    }

    private static async Task BulkImportAsync(BenchOptions options, BenchReport report, TextWriter? log, bool neighbourLinks)
    {
        var mode = neighbourLinks ? RelationLinking.Auto : RelationLinking.Inline;
        log?.WriteLine(mode == RelationLinking.Auto ? "bulk import ..." : "bulk import with inline linking ...");
        var inputs = EngineWorkload.Inputs(options.ImportSize, 23, BenchData.ClusterCount(options.ImportSize));
        var rates = new List<double>();
        var complete = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await WithFreshEngineAsync(options, async engine =>
            {
                var watch = Stopwatch.StartNew();
                var result = await engine.ImportAsync(inputs, options: new ImportOptions { Relations = mode }).ConfigureAwait(false);
                rates.Add(result.Ids.Count / result.Elapsed.TotalSeconds);
                await engine.WaitForIndexingAsync().ConfigureAwait(false);
                await engine.WaitForLinkingAsync().ConfigureAwait(false);
                complete.Add(result.Ids.Count / watch.Elapsed.TotalSeconds);
            }).ConfigureAwait(false);
        }

        var size = Size(options.ImportSize);
        if (mode == RelationLinking.Auto)
        {
            Add(report, log, new BenchRow(Inv($"Bulk import, {size} memories with vectors (ImportAsync)"), BenchStats.Percentile(rates, 50), rates.Min(), "memories/s", "≥ 20,000/s",
                BenchStats.Percentile(rates, 50) >= 20_000, "into SQLite + FTS + time axis + graph; HNSW insertion and relations follow in the background; 3 runs"));
            Add(report, log, new BenchRow(Inv($"Bulk import, {size}, until HNSW-indexed and linked"), BenchStats.Percentile(complete, 50), complete.Min(), "memories/s", string.Empty, null,
                "same imports, timed until the index and the background linker are done"));
        }
        else
        {
            Add(report, log, new BenchRow(Inv($"Bulk import, {size}, relations linked inline (breakdown)"), BenchStats.Percentile(rates, 50), rates.Min(), "memories/s", string.Empty, null,
                "one vector search per memory before it is written (the path small writes take); 3 runs"));
        }
    }

    /// <summary>
    /// The large import, timed until HNSW-indexed, audited and linked, with a breakdown of where the time goes and the
    /// recall@20 of the graph it built (against exact search).
    /// </summary>
    private static async Task LargeImportAsync(BenchOptions options, BenchReport report, TextWriter? log)
    {
        var n = options.LargeImportSize;
        log?.WriteLine(Inv($"bulk import of {n:N0} ..."));
        var inputs = EngineWorkload.Inputs(n, 23, BenchData.ClusterCount(n));
        await WithFreshEngineAsync(options, async engine =>
        {
            var watch = Stopwatch.StartNew();
            var result = await engine.ImportAsync(inputs).ConfigureAwait(false);
            var written = watch.Elapsed;
            await engine.WaitForIndexingAsync().ConfigureAwait(false);
            var indexed = watch.Elapsed;
            await engine.WaitForLinkingAsync().ConfigureAwait(false);
            await engine.WaitForAuditAsync().ConfigureAwait(false);
            var done = watch.Elapsed;
            var queries = BenchData.Queries(200, n, 23, out _);
            var truth = AnnWorkload.ExactTopK([.. inputs.Select(i => i.Embedding!)], queries, AnnWorkload.K);
            double sum = 0;
            for (var q = 0; q < queries.Length; q++)
            {
                var expected = truth[q].Select(i => result.Ids[i]).ToHashSet();
                sum += engine.SearchVectors(queries[q], AnnWorkload.K).Count(h => expected.Contains(h.Key)) / (double)AnnWorkload.K;
            }

            var rate = n / done.TotalSeconds;
            Add(report, log, new BenchRow(Inv($"Bulk import, {Size(n)}, until HNSW-indexed and linked"), rate, rate, "memories/s", "≥ 8,000/s", n >= 100_000 ? rate >= 8000 : null,
                Inv($"one run: written {written.TotalSeconds:F1} s, in the graph {(indexed - written).TotalSeconds:F1} s later, linked and audited {(done - indexed).TotalSeconds:F1} s later; recall@20 of the built graph {sum / queries.Length:F3}")));
        }).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="body"/> on a new engine over an empty store in a temporary folder, deleted after.</summary>
    private static async Task WithFreshEngineAsync(BenchOptions options, Func<MemoryEngine, Task> body)
    {
        var folder = TempFolder(options, "import");
        try
        {
            var store = await PeroStore.OpenAsync(Path.Combine(folder, "perocore.db")).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                using var embedder = new HashingEmbeddingGenerator(BenchData.Dimensions);
                var engine = await MemoryEngine.OpenAsync(store, embedder, new MemoryEngineOptions()).ConfigureAwait(false);
                await using (engine.ConfigureAwait(false))
                {
                    await body(engine).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            DeleteQuietly(folder);
        }
    }

    private static async Task CatchUpAsync(BenchOptions options, BenchReport report, TextWriter? log)
    {
        log?.WriteLine("index catch-up ...");
        var vectors = BenchData.ClusteredVectors(options.CatchUpSize, 29);
        var indexOptions = new VectorIndexOptions { Dimensions = BenchData.Dimensions, IndexingThreads = 2 };
        using var index = VectorIndex.Create(indexOptions);
        const int batches = 5;
        var per = Math.Max(1, vectors.Length / batches);
        var rates = new List<double>();
        for (var b = 0; b < batches; b++)
        {
            var slice = vectors.Skip(b * per).Take(per).ToArray();
            var watch = Stopwatch.StartNew();
            index.UpsertMany(slice.Select((v, i) => new VectorEntry((b * per) + i + 1, v)));
            await index.WaitForIndexingAsync().ConfigureAwait(false);
            rates.Add(slice.Length / watch.Elapsed.TotalSeconds);
        }

        var median = BenchStats.Percentile(rates, 50);
        Add(report, log, new BenchRow(Inv($"Index catch-up into HNSW, 2 threads, 0→{Size(options.CatchUpSize)}"), median, rates.Min(), "vectors/s", "≥ 3,000/s", median >= 3000,
            Inv($"{batches} batches of {per}")));
    }
}
