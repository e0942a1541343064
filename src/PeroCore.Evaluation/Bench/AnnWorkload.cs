using System.Globalization;
using System.Numerics.Tensors;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Evaluation.Bench;

/// <summary>
/// ANN search over <c>n</c> clustered 384-d vectors with the engine's index settings
/// (<see cref="VectorIndexOptions"/>), the index cached as <c>ann-{n}.usearch</c>, and recall@20 against exact search.
/// </summary>
public sealed class AnnWorkload : IDisposable
{
    /// <summary>The top-k measured.</summary>
    public const int K = 20;

    private const int Seed = 7;

    private AnnWorkload(int count, float[][] vectors, float[][] queries, VectorIndex index, TimeSpan build)
    {
        Count = count;
        Vectors = vectors;
        Queries = queries;
        Index = index;
        BuildTime = build;
    }

    /// <summary>Number of vectors.</summary>
    public int Count { get; }

    /// <summary>The data (vector i has key i + 1).</summary>
    public float[][] Vectors { get; }

    /// <summary>The query vectors.</summary>
    public float[][] Queries { get; }

    /// <summary>The index.</summary>
    public VectorIndex Index { get; }

    /// <summary>Time spent building the index in this process (zero when loaded from the cache).</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Loads the cached index for <paramref name="count"/> vectors, or builds and saves it.</summary>
    public static async Task<AnnWorkload> LoadOrBuildAsync(int count, string cacheDirectory, int queryCount = 200, TextWriter? log = null, VectorIndexOptions? settings = null)
    {
        settings ??= new VectorIndexOptions();
        var vectors = BenchData.ClusteredVectors(count, Seed);
        var queries = BenchData.Queries(queryCount, count, Seed, out _);
        var options = settings with { Dimensions = BenchData.Dimensions, LoadEagerly = true };
        var suffix = settings.Quantization switch
        {
            VectorQuantization.Int8 => "-i8",
            VectorQuantization.Float16 => "-f16",
            _ => string.Empty,
        };
        // A loaded file keeps the connectivity it was built with (USearch reads M from the file), so graphs built with
        // other than M16 efC128 get their own cache name; the default M16 efC128 files keep their established names.
        var graph = settings.Connectivity == 16 && settings.ExpansionAdd == 128
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"-m{settings.Connectivity}-efc{settings.ExpansionAdd}");
        var path = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"ann-{count}{suffix}{graph}.usearch"));
        var index = VectorIndex.Open(path, options);
        var build = TimeSpan.Zero;
        if (index.Count != count || !index.OpenResult.Loaded())
        {
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"building ANN index of {count:N0} vectors (cached in {path}) ..."));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            index.Clear();
            await InsertAllAsync(index, vectors).ConfigureAwait(false);
            await index.SaveAsync(count).ConfigureAwait(false);
            build = watch.Elapsed;
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  built in {build.TotalSeconds:F1} s ({count / build.TotalSeconds:F0} vectors/s)"));
        }

        return new AnnWorkload(count, vectors, queries, index, build);
    }

    /// <summary>Inserts vectors (key i + 1) in batches and waits until all are in the graph.</summary>
    public static async Task InsertAllAsync(VectorIndex index, float[][] vectors, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(vectors);
        const int batch = 8192;
        for (var start = 0; start < vectors.Length; start += batch)
        {
            var end = Math.Min(vectors.Length, start + batch);
            index.UpsertMany(Enumerable.Range(start, end - start).Select(i => new VectorEntry(offset + i + 1, vectors[i])));
            await index.WaitForIndexingAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One ANN query (query <paramref name="i"/> modulo the query count).</summary>
    public int Search(int i) => Index.Search(Queries[i % Queries.Length], K).Count;

    /// <summary>Mean recall@20 of the index against exact search, over the first <paramref name="maxQueries"/> queries (all by default).</summary>
    public double RecallAtK(int? maxQueries = null)
    {
        var queries = Queries.Take(maxQueries ?? Queries.Length).ToArray();
        var truth = ExactTopK(Vectors, queries, K);
        double sum = 0;
        for (var q = 0; q < queries.Length; q++)
        {
            var expected = truth[q].Select(i => (long)i + 1).ToHashSet();
            var found = Index.Search(queries[q], K).Count(h => expected.Contains(h.Key));
            sum += (double)found / Math.Min(K, Vectors.Length);
        }

        return sum / queries.Length;
    }

    /// <summary>Exact top-k indices by dot product (vectors are unit length), for every query, in parallel.</summary>
    public static int[][] ExactTopK(float[][] vectors, float[][] queries, int k)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(queries);
        var result = new int[queries.Length][];
        Parallel.For(0, queries.Length, q =>
        {
            var best = new PriorityQueue<int, float>(k + 1);
            for (var i = 0; i < vectors.Length; i++)
            {
                var score = TensorPrimitives.Dot<float>(vectors[i], queries[q]);
                if (best.Count < k)
                {
                    best.Enqueue(i, score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.DequeueEnqueue(i, score);
                }
            }

            result[q] = best.UnorderedItems.Select(x => x.Element).ToArray();
        });
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => Index.Dispose();
}

internal static class OpenResultExtensions
{
    public static bool Loaded(this VectorIndexOpenResult result) => result.Status == VectorIndexLoadStatus.Loaded;
}
