using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Embedding</c>: the model that turns memories and queries into vectors.</summary>
[SettingsSection("Embedding")]
internal sealed class EmbeddingOptions
{
    /// <summary><c>Embedding:Provider</c>: which model (default the embedded ArcticXs).</summary>
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.ArcticXs;

    /// <summary><c>Embedding:BaseUrl</c>: endpoint of an OpenAI-compatible provider.</summary>
    [HttpUrl]
    public string? BaseUrl { get; set; }

    /// <summary><c>Embedding:ApiKey</c>: API key of an OpenAI-compatible provider (optional for local servers).</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Embedding:Model</c>: model name of an OpenAI-compatible provider.</summary>
    public string? Model { get; set; }

    /// <summary><c>Embedding:Dimensions</c>: vector length, when the provider should be asked for a specific one.</summary>
    [IntegerRange(1, 65536)]
    public int? Dimensions { get; set; }

    /// <summary><c>Embedding:Threads</c>: ONNX Runtime threads of the embedded model.</summary>
    [IntegerRange(1, 64)]
    public int Threads { get; set; } = 1;

    /// <summary><c>Embedding:CacheSize</c>: entries of the in-memory embedding cache (0 disables it).</summary>
    [IntegerRange(0, 10_000_000)]
    public int CacheSize { get; set; } = 4096;

    /// <summary>
    /// <c>Embedding:BatchWaitMilliseconds</c>: how long concurrent embedding requests are gathered into one model call
    /// once the model is free (0: only the requests that queued while it was busy are coalesced; a lone request never waits).
    /// </summary>
    [NumberRange(0, 100)]
    public double BatchWaitMilliseconds { get; set; }

    /// <summary><c>Embedding:MaxBatchSize</c>: the most texts coalesced into one model call (and per ONNX run of ArcticXs).</summary>
    [IntegerRange(1, 4096)]
    public int MaxBatchSize { get; set; } = EmbeddingBatchingOptions.DefaultMaxBatchSize;

    /// <summary>
    /// <c>Embedding:ConcurrentBatches</c>: how many coalesced batches the embedded model runs at once, each on
    /// <see cref="Threads"/> threads (default 1: requests that arrive meanwhile form the next, larger batch).
    /// </summary>
    [IntegerRange(1, 64)]
    public int ConcurrentBatches { get; set; } = 1;

    /// <summary>
    /// <c>Embedding:BulkParallelism</c>: how many model calls of one bulk request (import without vectors, migrate,
    /// re-embedding) run at once (default 0: one per core at <see cref="Threads"/> threads each).
    /// </summary>
    [IntegerRange(0, 64)]
    public int BulkParallelism { get; set; }

    /// <summary>
    /// Creates the generator: the model, behind the micro-batcher that coalesces concurrent requests, behind an LRU
    /// cache when <see cref="CacheSize"/> is positive (a cache hit never waits for a batch).
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(HttpClient? httpClient = null)
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = Provider switch
        {
            EmbeddingProvider.Hashing => new HashingEmbeddingGenerator(Dimensions ?? HashingEmbeddingGenerator.DefaultDimensions),
            EmbeddingProvider.OpenAI => new OpenAiCompatibleEmbeddingGenerator(httpClient ?? new HttpClient(), new OpenAiCompatibleEmbeddingOptions
            {
                BaseUrl = Blank(BaseUrl) is { } url ? new Uri(url) : null,
                ApiKey = Blank(ApiKey),
                Model = Blank(Model) ?? string.Empty,
                Dimensions = Dimensions,
                MaxBatchSize = MaxBatchSize,
            }),
            _ => new ArcticXsEmbeddingGenerator(new ArcticXsEmbeddingOptions { IntraOpThreads = Threads, MaxBatchSize = MaxBatchSize, MaxConcurrentBatches = ConcurrentBatches, BulkParallelism = BulkParallelism }),
        };
        generator = new MicroBatchingEmbeddingGenerator(generator, new EmbeddingBatchingOptions
        {
            BatchWait = TimeSpan.FromMilliseconds(BatchWaitMilliseconds),
            MaxBatchSize = MaxBatchSize,
            MaxConcurrentBatches = ConcurrentBatches,
        });
        return CacheSize > 0 ? new LruEmbeddingCache(generator, CacheSize) : generator;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
