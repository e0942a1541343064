using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// Coalesces concurrent embedding requests (searches, inserts, the scorer, tools, MCP) into one call of the inner
/// generator: one ONNX run over a padded batch for ArcticXs, one <c>/embeddings</c> request with an <c>input</c> array
/// for an OpenAI-compatible provider.
/// </summary>
/// <remarks>
/// <para>A single consumer takes the requests queued while the model was busy (at most
/// <see cref="EmbeddingBatchingOptions.MaxConcurrentBatches"/> batches run at once; plus, with
/// <see cref="EmbeddingBatchingOptions.BatchWait"/>, those arriving within that wait), up to
/// <see cref="EmbeddingBatchingOptions.MaxBatchSize"/> texts, groups them by purpose, model id and dimensions, sends
/// each group's distinct texts in one call and hands every caller its own vectors in its own order.
/// Put the query cache in front of this generator (<see cref="LruEmbeddingCache"/>), so a cache hit never queues.</para>
/// <para>A caller that cancels gets its cancellation at once and the others' batch goes on; the model call itself is
/// cancelled only when every caller in it has cancelled. An exception of the inner generator fails the callers of that
/// batch only (with that exception); the next batch starts afresh. Requests of <see cref="EmbeddingBatchingOptions.MaxBatchSize"/>
/// texts or more (bulk imports) and requests with options this class cannot merge go straight to the inner generator.
/// Disposing stops accepting requests, finishes the queued ones, then disposes the inner generator.</para>
/// </remarks>
public sealed partial class MicroBatchingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>, IAsyncDisposable
{
    private readonly EmbeddingBatchingOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Request> _queue;
    private readonly Task _consumer;
    private long _batches;
    private long _requests;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="MicroBatchingEmbeddingGenerator"/> class.</summary>
    /// <param name="innerGenerator">The generator that computes the vectors (owned: disposed with this one).</param>
    /// <param name="options">Batching settings, or null for the defaults.</param>
    /// <param name="logger">Logger, or null.</param>
    public MicroBatchingEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> innerGenerator,
        EmbeddingBatchingOptions? options = null,
        ILogger<MicroBatchingEmbeddingGenerator>? logger = null)
        : base(innerGenerator)
    {
        _options = options ?? new EmbeddingBatchingOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>Gets the number of inner calls made for coalesced requests so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Gets the number of requests answered by those calls so far.</summary>
    public long CoalescedRequests => Interlocked.Read(ref _requests);

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string[] inputs = [.. values];
        foreach (string input in inputs)
        {
            if (input is null)
            {
                throw new ArgumentException("Texts must not be null.", nameof(values));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (inputs.Length == 0)
        {
            return [];
        }

        if (inputs.Length >= _options.MaxBatchSize || BatchKey.Of(options) is not { } key)
        {
            return await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }

        var request = new Request(inputs, key, options, cancellationToken);
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(MicroBatchingEmbeddingGenerator));
        }

        using (cancellationToken.UnsafeRegister(static r => ((Request)r!).Cancel(), request))
        {
            return await request.Completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting requests, finishes the queued ones and disposes the inner generator.</summary>
    /// <returns>A task that completes when the queue is drained.</returns>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _consumer.ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The consumer disposes the inner generator once the queue is drained (never under a running batch).
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }
    }

    private async Task ConsumeAsync()
    {
        ChannelReader<Request> reader = _queue.Reader;
        var taken = new List<Request>();
        using var slots = new SemaphoreSlim(_options.MaxConcurrentBatches, _options.MaxConcurrentBatches);
        var running = new List<Task>();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // A free slot first, then the requests: everything that queued while every slot was busy joins this batch.
                await slots.WaitAsync().ConfigureAwait(false);
                int texts = Take(reader, taken, 0);
                if (_options.BatchWait > TimeSpan.Zero && texts < _options.MaxBatchSize)
                {
                    long started = Stopwatch.GetTimestamp();
                    while (texts < _options.MaxBatchSize)
                    {
                        TimeSpan remaining = _options.BatchWait - Stopwatch.GetElapsedTime(started);
                        if (remaining <= TimeSpan.Zero)
                        {
                            break;
                        }

                        Task<bool> more = reader.WaitToReadAsync().AsTask();
                        if (await Task.WhenAny(more, Task.Delay(remaining)).ConfigureAwait(false) != more || !await more.ConfigureAwait(false))
                        {
                            break;
                        }

                        int before = texts;
                        texts = Take(reader, taken, texts);
                        if (texts == before)
                        {
                            break; // the next request does not fit: it starts the next batch
                        }
                    }
                }

                running.RemoveAll(t => t.IsCompleted);
                List<IGrouping<BatchKey, Request>> groups = [.. taken.GroupBy(r => r.Key)];
                if (groups.Count == 0)
                {
                    slots.Release(); // every request taken had been cancelled
                }

                for (int g = 0; g < groups.Count; g++)
                {
                    if (g > 0)
                    {
                        await slots.WaitAsync().ConfigureAwait(false); // the first group has the slot taken above
                    }

                    running.Add(RunInSlotAsync([.. groups[g]], slots));
                }

                taken.Clear();
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
            InnerGenerator.Dispose();
        }
    }

    private async Task RunInSlotAsync(List<Request> group, SemaphoreSlim slots)
    {
        try
        {
            await RunAsync(group).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Moves queued requests into <paramref name="taken"/> while they fit; skips the ones already cancelled.</summary>
    private int Take(ChannelReader<Request> reader, List<Request> taken, int texts)
    {
        while (reader.TryPeek(out Request? next))
        {
            if (!next.IsDone && texts > 0 && texts + next.Texts.Length > _options.MaxBatchSize)
            {
                break;
            }

            _ = reader.TryRead(out _);
            if (!next.IsDone)
            {
                taken.Add(next);
                texts += next.Texts.Length;
            }
        }

        return texts;
    }

    private async Task RunAsync(List<Request> group)
    {
        List<Request> live = group.FindAll(r => !r.IsDone);
        if (live.Count == 0)
        {
            return;
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        foreach (Request request in live)
        {
            foreach (string text in request.Texts)
            {
                if (positions.TryAdd(text, distinct.Count))
                {
                    distinct.Add(text);
                }
            }
        }

        // The model call is cancelled only when every caller in it has given up.
        using var abandon = new CancellationTokenSource();
        int alive = live.Count;
        var registrations = new List<CancellationTokenRegistration>(live.Count);
        try
        {
            foreach (Request request in live)
            {
                registrations.Add(request.CancellationToken.UnsafeRegister(_ =>
                {
                    if (Interlocked.Decrement(ref alive) == 0)
                    {
                        abandon.Cancel();
                    }
                }, null));
            }

            GeneratedEmbeddings<Embedding<float>> vectors = await InnerGenerator
                .GenerateAsync(distinct, live[0].Options, abandon.Token)
                .ConfigureAwait(false);
            if (vectors.Count != distinct.Count)
            {
                throw new InvalidOperationException(
                    $"The embedding generator returned {vectors.Count} vectors for a batch of {distinct.Count} texts.");
            }

            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _requests, live.Count);
            foreach (Request request in live)
            {
                var mine = new GeneratedEmbeddings<Embedding<float>>(request.Texts.Length);
                foreach (string text in request.Texts)
                {
                    mine.Add(vectors[positions[text]]);
                }

                request.Completion.TrySetResult(mine);
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            live.ForEach(r => r.Cancel());
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, live.Count, distinct.Count, ex);
            live.ForEach(r => r.Completion.TrySetException(ex));
        }
        finally
        {
            foreach (CancellationTokenRegistration registration in registrations)
            {
                await registration.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning,
        Message = "An embedding batch of {Requests} requests ({Texts} texts) failed; those requests get the error")]
    private static partial void LogBatchFailed(ILogger logger, int requests, int texts, Exception exception);

    /// <summary>What requests must share to be embedded in one call.</summary>
    private readonly record struct BatchKey(EmbeddingPurpose Purpose, string? ModelId, int? Dimensions)
    {
        /// <summary>The key of <paramref name="options"/>, or null when they carry more than this class can merge.</summary>
        public static BatchKey? Of(EmbeddingGenerationOptions? options)
        {
            if (options is null)
            {
                return new BatchKey(EmbeddingPurpose.Document, null, null);
            }

            if (options.RawRepresentationFactory is not null
                || options.AdditionalProperties?.Keys.Any(k => k != EmbeddingOptionsExtensions.PurposeKey) == true)
            {
                return null;
            }

            return new BatchKey(options.GetPurpose(), options.ModelId, options.Dimensions);
        }
    }

    private sealed class Request(string[] texts, BatchKey key, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        public TaskCompletionSource<GeneratedEmbeddings<Embedding<float>>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string[] Texts { get; } = texts;

        public BatchKey Key { get; } = key;

        public EmbeddingGenerationOptions? Options { get; } = options;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public bool IsDone => Completion.Task.IsCompleted;

        public void Cancel() => Completion.TrySetCanceled(CancellationToken);
    }
}
