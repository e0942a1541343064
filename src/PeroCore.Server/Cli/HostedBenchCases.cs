using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Evaluation.Bench;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Cli;

/// <summary>
/// The <c>perocore bench</c> cases that need the server's composition, so they live here rather than in the harness:
/// <c>http</c> (concurrent <c>GET /api/memories/search</c> against the real server over 100k memories, query embedding
/// included) and <c>embedimport</c> (an import of texts without vectors, embedding included). Both use the settings
/// given to <c>bench</c> on the command line (for example <c>--Embedding:MaxBatchSize=1</c> to turn batching off).
/// </summary>
internal static class HostedBenchCases
{
    private const string CompleteMarker = "complete-v1";
    private const int Seed = 11;

    /// <summary>The case groups run here (they are also listed in <see cref="BenchHarness.Groups"/>).</summary>
    public static IReadOnlyList<string> Groups { get; } = ["http", "embedimport"];

    /// <summary>Runs the selected cases and appends their rows to <paramref name="report"/>.</summary>
    public static async Task RunAsync(BenchOptions options, BenchReport report, IReadOnlyList<string> settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IncludeModel)
        {
            return;
        }

        if (options.Runs("http"))
        {
            await HttpSearchAsync(options, report, settings, log, cancellationToken).ConfigureAwait(false);
        }

        if (options.Runs("embedimport"))
        {
            await ImportWithoutVectorsAsync(options, report, settings, log, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Size(int n) => n % 1000 == 0 ? Inv($"{n / 1000}k") : n.ToString(CultureInfo.InvariantCulture);

    private static void Add(BenchReport report, TextWriter log, BenchRow row)
    {
        report.Rows.Add(row);
        log.WriteLine(Inv($"  {row.Case}: median {row.Median:G4} {row.Unit}, p99 {row.P99:G4}; {row.Notes}"));
    }

    private static PeroCoreSettings Settings(string folder, IReadOnlyList<string> settings) =>
        PeroCoreSettings.Load(PeroCoreConfiguration.Build([.. settings, $"--Server:DataDirectory={folder}"]));

    /// <summary>
    /// A data folder of <paramref name="count"/> memories stored under the configured model's identity, with the
    /// harness's clustered vectors (so nothing but the tags is embedded while it is built), cached like the harness's.
    /// </summary>
    private static async Task<string> ServerDataAsync(int count, BenchOptions options, IReadOnlyList<string> settings, TextWriter log, CancellationToken cancellationToken)
    {
        var model = Settings(Path.Combine(options.CacheDirectory, "probe"), settings).Embedding;
        var name = model.Provider == EmbeddingProvider.ArcticXs ? "arcticxs" : model.Provider.ToString().ToLowerInvariant();
        var folder = Path.GetFullPath(Path.Combine(options.CacheDirectory, Inv($"server-{count}-{name}")));
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            return folder;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        log.WriteLine(Inv($"building a server data folder of {count:N0} memories (cached in {folder}) ..."));
        var watch = Stopwatch.StartNew();
        var session = await EngineSession.OpenAsync(Settings(folder, settings), "bench", cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var inputs = EngineWorkload.Inputs(count, Seed, BenchData.ClusterCount(count));
            const int slice = 10_000;
            for (var start = 0; start < inputs.Count; start += slice)
            {
                await session.Engine.ImportAsync(inputs.GetRange(start, Math.Min(slice, inputs.Count - start)), cancellationToken).ConfigureAwait(false);
                await session.Engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
                await session.Engine.WaitForLinkingAsync(cancellationToken).ConfigureAwait(false);
            }

            await session.Engine.SaveIndexesAsync(cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, CompleteMarker), count.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        log.WriteLine(Inv($"  built in {watch.Elapsed.TotalSeconds:F1} s"));
        return folder;
    }

    private static async Task HttpSearchAsync(BenchOptions options, BenchReport report, IReadOnlyList<string> settings, TextWriter log, CancellationToken cancellationToken)
    {
        var n = options.EngineSize;
        var folder = await ServerDataAsync(n, options, settings, log, cancellationToken).ConfigureAwait(false);
        log.WriteLine(Inv($"search over HTTP, {Size(n)} memories ..."));
        var app = await PeroCoreApplication.CreateAsync(
            ["--port", "0", "--data", folder, "--Agent:ScorerEnabled=false", "--Logging:LogLevel:Default=Warning", .. settings]).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.Engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
            using var client = new HttpClient { BaseAddress = app.Addresses[0] };
            var clusters = BenchData.ClusterCount(n);
            var next = 0;
            var timings = new ConcurrentDictionary<string, ConcurrentBag<double>>();

            // Every query is new (the cache never answers): a question about a random topic, numbered.
            async Task<double> SearchAsync()
            {
                var k = Interlocked.Increment(ref next);
                var q = Uri.EscapeDataString(Inv($"{BenchData.Question(k % clusters, k)} {k}"));
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(new Uri($"/api/memories/search?q={q}&limit=10", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                foreach (var (name, duration) in ServerTimings(response))
                {
                    timings.GetOrAdd(name, _ => new ConcurrentBag<double>()).Add(duration);
                }

                return elapsed;
            }

            for (var i = 0; i < 30; i++)
            {
                await SearchAsync().ConfigureAwait(false);
            }

            var single = new List<double>();
            var budget = Stopwatch.StartNew();
            while (single.Count < 300 && budget.Elapsed < options.CaseBudget)
            {
                single.Add(await SearchAsync().ConfigureAwait(false));
            }

            var p50 = BenchStats.Percentile(single, 50);
            Add(report, log, new BenchRow(Inv($"Search over HTTP, {Size(n)} memories, 1 client (query embedding included)"), p50, BenchStats.Percentile(single, 99), "ms",
                "≤ 12 ms p50", n == 100_000 ? p50 <= 12 : null, Inv($"GET /api/memories/search, distinct queries (no cache hit); {Breakdown(timings)}; {single.Count} samples")));
            timings.Clear();

            var batcher = app.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<MicroBatchingEmbeddingGenerator>();
            var (batches0, requests0) = (batcher?.Batches ?? 0, batcher?.CoalescedRequests ?? 0);
            const int clients = 8;
            var rates = new List<double>();
            var latencies = new ConcurrentBag<double>();
            var window = TimeSpan.FromSeconds(Math.Max(3, options.CaseBudget.TotalSeconds / 3));
            for (var run = 0; run < 3; run++)
            {
                var done = 0;
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
                {
                    while (watch.Elapsed < window)
                    {
                        latencies.Add(await SearchAsync().ConfigureAwait(false));
                        Interlocked.Increment(ref done);
                    }
                }, cancellationToken))).ConfigureAwait(false);
                rates.Add(done / watch.Elapsed.TotalSeconds);
            }

            var rate = BenchStats.Percentile(rates, 50);
            var perBatch = batcher is null || batcher.Batches == batches0 ? "–" : Inv($"{(batcher.CoalescedRequests - requests0) / (double)(batcher.Batches - batches0):F1}");
            Add(report, log, new BenchRow(Inv($"Search over HTTP, {Size(n)} memories, {clients} clients (query embedding included)"), rate, rates.Min(), "req/s",
                "≥ 200 req/s", n == 100_000 ? rate >= 200 : null,
                Inv($"p50 {BenchStats.Percentile([.. latencies], 50):F1} ms, p99 {BenchStats.Percentile([.. latencies], 99):F1} ms; {Breakdown(timings)}; {perBatch} queries per embedding batch; 3 runs of {window.TotalSeconds:F0} s")));
        }
    }

    /// <summary>The <c>Server-Timing</c> entries of a response (<c>name;dur=ms</c>, comma-separated).</summary>
    private static IEnumerable<(string Name, double Milliseconds)> ServerTimings(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values))
        {
            yield break;
        }

        foreach (var entry in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (duration is not null && double.TryParse(duration.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                yield return (parts[0], ms);
            }
        }
    }

    /// <summary>The server's share of the latency: the median of each <c>Server-Timing</c> entry.</summary>
    private static string Breakdown(ConcurrentDictionary<string, ConcurrentBag<double>> timings) =>
        timings.IsEmpty
            ? "no Server-Timing"
            : "server p50: " + string.Join(", ", timings.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => Inv($"{t.Key} {BenchStats.Percentile([.. t.Value], 50):F1} ms")));

    private static async Task ImportWithoutVectorsAsync(BenchOptions options, BenchReport report, IReadOnlyList<string> settings, TextWriter log, CancellationToken cancellationToken)
    {
        const int count = 2000;
        log.WriteLine(Inv($"import of {count} memories without vectors (embedding included) ..."));
        var rates = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var folder = Path.GetFullPath(Path.Combine(options.CacheDirectory, "tmp", "embedimport-" + Guid.NewGuid().ToString("N")[..8]));
            try
            {
                var session = await EngineSession.OpenAsync(Settings(folder, settings), "bench", cancellationToken).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    // Load the model first: the rate is the import's, not the model's start.
                    await session.Engine.ImportAsync([new NewMemory { Content = "warm up" }], cancellationToken).ConfigureAwait(false);
                    var inputs = EngineWorkload.Inputs(count, 31 + run, BenchData.ClusterCount(count), offset: run * count)
                        .Select(m => m with { Embedding = null }).ToList();
                    var watch = Stopwatch.StartNew();
                    var result = await session.Engine.ImportAsync(inputs, cancellationToken, options: new ImportOptions(), origin: ChangeOrigin.Import).ConfigureAwait(false);
                    rates.Add(result.Ids.Count / watch.Elapsed.TotalSeconds);
                }
            }
            finally
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is harmless.
                }
            }
        }

        var median = BenchStats.Percentile(rates, 50);
        Add(report, log, new BenchRow(Inv($"Import of {Size(count)} memories without vectors (embedding included)"), median, rates.Min(), "memories/s", "≥ 300/s", median >= 300,
            "ImportAsync of LoCoMo-style turns with the configured model; written to SQLite, embedded in batches; 3 runs"));
    }
}
