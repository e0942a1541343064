using System.Globalization;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Evaluation.Bench;

/// <summary>
/// The memory engine over <c>n</c> LoCoMo-style turns with precomputed clustered vectors (the turn's words follow its
/// vector's cluster), cached under <c>engine-{n}/</c>, with questions whose vectors come from the same clusters.
/// The engine's embedder is the instant hashing generator: the recall paths are measured without query embedding.
/// </summary>
public sealed class EngineWorkload : IAsyncDisposable
{
    private const int Seed = 11;
    private const string CompleteMarker = "complete-v1";

    private readonly HashingEmbeddingGenerator _embedder;

    private EngineWorkload(int count, PeroStore store, MemoryEngine engine, HashingEmbeddingGenerator embedder, string[] questions, float[][] queryVectors)
    {
        Count = count;
        Store = store;
        Engine = engine;
        _embedder = embedder;
        Questions = questions;
        QueryVectors = queryVectors;
    }

    /// <summary>Number of memories.</summary>
    public int Count { get; }

    /// <summary>The store.</summary>
    public PeroStore Store { get; }

    /// <summary>The engine.</summary>
    public MemoryEngine Engine { get; }

    /// <summary>Question texts.</summary>
    public string[] Questions { get; }

    /// <summary>Question vectors (precomputed, from the question's cluster).</summary>
    public float[][] QueryVectors { get; }

    /// <summary>The memory inputs of a synthetic conversation: turn text, a tag, a timestamp and the precomputed vector.</summary>
    public static List<NewMemory> Inputs(int count, int seed, int clusters, int offset = 0)
    {
        var vectors = BenchData.ClusteredVectors(count, seed, clusters);
        var start = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, count).Select(i => new NewMemory
        {
            Content = BenchData.Turn(offset + i, clusters),
            Tags = [BenchData.TopicWords(BenchData.ClusterOf(i, clusters))[0]],
            Timestamp = start.AddMinutes(offset + i),
            Source = "bench",
            Embedding = vectors[i],
        })];
    }

    /// <summary>Opens the cached engine of <paramref name="count"/> memories, or builds it (imported in slices, each indexed before the next).</summary>
    public static async Task<EngineWorkload> LoadOrBuildAsync(int count, string cacheDirectory, int questionCount = 200, TextWriter? log = null)
    {
        var folder = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"engine-{count}"));
        var marker = Path.Combine(folder, CompleteMarker);
        var build = !File.Exists(marker);
        if (build && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var store = await PeroStore.OpenAsync(Path.Combine(folder, "perocore.db")).ConfigureAwait(false);
        var embedder = new HashingEmbeddingGenerator(BenchData.Dimensions);
        var options = new MemoryEngineOptions { IndexDirectory = folder };
        if (build)
        {
            // The periodic save drains the HNSW backlog and rewrites the whole index file under the write gate about
            // once a second during an import; the cache build saves once at the end instead (see the bench report).
            options = options with { Ingestion = new IngestionOptions { SaveEveryWrites = int.MaxValue, SaveInterval = TimeSpan.FromDays(1) } };
        }

        var engine = await MemoryEngine.OpenAsync(store, embedder, options).ConfigureAwait(false);
        var clusters = BenchData.ClusterCount(count);
        if (build)
        {
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"building engine of {count:N0} memories (cached in {folder}) ..."));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var inputs = Inputs(count, Seed, clusters);
            const int slice = 10_000;
            for (var startAt = 0; startAt < inputs.Count; startAt += slice)
            {
                await engine.ImportAsync(inputs.GetRange(startAt, Math.Min(slice, inputs.Count - startAt))).ConfigureAwait(false);
                await engine.WaitForIndexingAsync().ConfigureAwait(false);
                await engine.WaitForLinkingAsync().ConfigureAwait(false);
            }

            await engine.SaveIndexesAsync().ConfigureAwait(false);
            await File.WriteAllTextAsync(marker, count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  built in {watch.Elapsed.TotalSeconds:F1} s"));
        }

        // Measure a settled engine: an index rebuilt at open (new settings) or left-over background work would
        // otherwise run during the samples.
        await engine.WaitForIndexingAsync().ConfigureAwait(false);
        await engine.WaitForAuditAsync().ConfigureAwait(false);
        await engine.WaitForLinkingAsync().ConfigureAwait(false);
        var queryVectors = BenchData.Queries(questionCount, count, Seed, out var ofQuery);
        var questions = ofQuery.Select((c, i) => BenchData.Question(c, i)).ToArray();
        return new EngineWorkload(count, store, engine, embedder, questions, queryVectors);
    }

    /// <summary>One recall in <paramref name="mode"/> for question <paramref name="i"/>; returns the number of memories.</summary>
    public async ValueTask<int> RecallAsync(RecallMode mode, int i, RecallOptions? options = null)
    {
        var q = i % Questions.Length;
        var result = await Engine.RecallAsync(new RecallRequest
        {
            Query = Questions[q],
            QueryVector = QueryVectors[q],
            // The baseline paths keep their top-20 candidate lists (the rows say "top-20"), whatever the default pool is.
            Options = (options ?? (mode == RecallMode.Default ? RecallOptions.Default : RecallOptions.Default with { VectorCandidates = 20, LexicalCandidates = 20 })) with { Mode = mode },
        }).ConfigureAwait(false);
        return result.Memories.Count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        _embedder.Dispose();
    }
}
