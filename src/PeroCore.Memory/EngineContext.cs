using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory;

/// <summary>
/// What the parts of one <see cref="MemoryEngine"/> share: the store, the model, the settings, the in-memory
/// structures kept in step with SQLite, the gate that serialises writes, and the background work to wait for at
/// shutdown.
/// </summary>
internal sealed partial class EngineContext : IDisposable
{
    private readonly List<Task> _background = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _generation;

    public EngineContext(PeroStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, EmbeddingModelIdentity model, MemoryEngineOptions options,
        VectorIndex index, VectorIndex tagIndex, MemoryGraph graph, ILogger logger)
    {
        Store = store;
        Embedder = embedder;
        Model = model;
        ModelKey = KeyOf(model);
        Options = options;
        Index = index;
        TagIndex = tagIndex;
        Graph = graph;
        Logger = logger;
    }

    public PeroStore Store { get; }

    public IEmbeddingGenerator<string, Embedding<float>> Embedder { get; }

    public EmbeddingModelIdentity Model { get; }

    /// <summary>The identity string stored with every vector: <c>name:dimensions</c>.</summary>
    public string ModelKey { get; }

    public MemoryEngineOptions Options { get; }

    public VectorIndex Index { get; }

    public VectorIndex TagIndex { get; }

    public MemoryGraph Graph { get; }

    public ILogger Logger { get; }

    /// <summary>Serialises the writes of the engine (SQL commit, then the in-memory structures).</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>Counts resets and restores: a background pass that read rows before one drops what it computed.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Cancelled when the engine closes.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Starts a new generation (the rows were replaced wholesale).</summary>
    public void NextGeneration() => Interlocked.Increment(ref _generation);

    public static string KeyOf(EmbeddingModelIdentity model) => $"{model.Name}:{model.Dimensions}";

    /// <summary>Runs a loop in the background until the engine closes.</summary>
    public void Start(Func<CancellationToken, Task> loop)
    {
        lock (_background)
        {
            _background.Add(Task.Run(() => loop(_stopping.Token)));
        }
    }

    /// <summary>Keeps a fire-and-forget task so shutdown waits for it.</summary>
    public void Track(Task task)
    {
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    /// <summary>Cancels the background loops and waits for every tracked task.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] background;
        lock (_background)
        {
            background = [.. _background];
        }

        try
        {
            await Task.WhenAll(background).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }
        catch (DatabaseCorruptException ex)
        {
            // A background task stopped on a damaged database; the store reported it already.
            LogDamaged(Logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background work stopped: the database is damaged")]
    private static partial void LogDamaged(ILogger logger, Exception exception);

    public void Dispose()
    {
        WriteGate.Dispose();
        _stopping.Dispose();
    }
}
