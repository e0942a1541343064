using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory;

/// <summary>
/// The memory engine: SQLite is the source of truth; the vector index, the tag index, the full-text index and
/// the spreading graph are kept in step with it. Writes are serialised (SQL commit first, then the in-memory
/// structures); the vector index is saved durably on a policy and caught up from the change log at open, so a
/// crash never loses a committed memory.
/// </summary>
public sealed partial class MemoryEngine : IAsyncDisposable
{
    /// <summary>File name of the memory vector index inside the index folder.</summary>
    public const string MemoryIndexFile = "memory.usearch";

    /// <summary>File name of the tag vector index inside the index folder.</summary>
    public const string TagIndexFile = "tags.usearch";

    private const string ModelStateKey = "embedding_model";

    // The change log's counter survives the pruning of old entries (AUTOINCREMENT keeps it in sqlite_sequence).
    private const string LastSeqSql = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'memory_change'), 0)";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly QueryEmbedder _queries;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SpreadingActivationEngine _spreader = new();
    private readonly TextCleaner _cleaner;
    private readonly SensitiveWordFilter? _sensitive;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private readonly FtsTermLookup _termLookup = new();
    private long _appliedSeq;
    private long _savedSeq;
    private long _tagSavedMax;
    private int _unsavedWrites;
    private long _firstUnsavedAtMs;
    private int _disposed;

    private MemoryEngine(PeroStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, EmbeddingModelIdentity model,
        MemoryEngineOptions options, VectorIndex index, VectorIndex tagIndex, MemoryGraph graph, ILogger logger)
    {
        Store = store;
        _embedder = embedder;
        _queries = new QueryEmbedder(embedder);
        Model = model;
        Options = options;
        Index = index;
        TagIndex = tagIndex;
        Graph = graph;
        _logger = logger;
        _cleaner = new TextCleaner(options.Ingestion.Cleaner);
        _sensitive = options.Ingestion.SensitiveWords.Count == 0
            ? null
            : new SensitiveWordFilter(options.Ingestion.SensitiveWords, new SensitiveWordFilterOptions { Mode = options.Ingestion.SensitiveWordMode });
    }

    /// <summary>The store.</summary>
    public PeroStore Store { get; }

    /// <summary>The embedding model whose vectors the indexes hold.</summary>
    public EmbeddingModelIdentity Model { get; }

    /// <summary>The settings.</summary>
    public MemoryEngineOptions Options { get; }

    /// <summary>The memory vector index.</summary>
    public VectorIndex Index { get; }

    /// <summary>The tag vector index.</summary>
    public VectorIndex TagIndex { get; }

    /// <summary>The spreading graph (relations and the time axis).</summary>
    public MemoryGraph Graph { get; }

    /// <summary>Optional second-stage reranker applied to the final pool (null keeps the score order).</summary>
    public IMemoryReranker? Reranker { get; set; }

    /// <summary>The identity string stored with every vector: <c>name:dimensions</c>.</summary>
    public string ModelKey => $"{Model.Name}:{Model.Dimensions}";

    /// <summary>Memories whose vectors came from another model and are being re-embedded in the background.</summary>
    public long PendingReembed => Interlocked.Read(ref _pendingReembed);

    private long _pendingReembed;

    /// <summary>
    /// Opens the engine over a store: checks the embedding model, loads or rebuilds the vector indexes, replays
    /// changes the index file does not contain yet, and builds the graph.
    /// </summary>
    public static async Task<MemoryEngine> OpenAsync(PeroStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryEngineOptions? options = null,
        ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embedder);
        options ??= new MemoryEngineOptions();
        options.Validate();
        var logger = (ILogger?)loggerFactory?.CreateLogger<MemoryEngine>() ?? NullLogger.Instance;
        var model = await embedder.ResolveModelIdentityAsync(cancellationToken).ConfigureAwait(false);
        var modelKey = $"{model.Name}:{model.Dimensions}";

        var storedModel = await store.EngineState.GetAsync(ModelStateKey, cancellationToken).ConfigureAwait(false);
        var modelChanged = storedModel is not null && storedModel != modelKey;
        if (modelChanged)
        {
            LogModelChanged(logger, storedModel!, modelKey);
            DeleteIndexFiles(options.IndexDirectory);
        }

        if (storedModel != modelKey)
        {
            await store.EngineState.SetAsync(ModelStateKey, modelKey, cancellationToken).ConfigureAwait(false);
        }

        var indexOptions = options.Index.ToOptions(model.Dimensions);
        indexOptions.LoadEagerly = true;
        var index = OpenIndex(options.IndexDirectory, MemoryIndexFile, indexOptions, loggerFactory);
        var tagIndex = OpenIndex(options.IndexDirectory, TagIndexFile, indexOptions, loggerFactory);
        var graph = await BuildGraphAsync(store, options.Graph, cancellationToken).ConfigureAwait(false);
        var engine = new MemoryEngine(store, embedder, model, options, index, tagIndex, graph, logger);
        try
        {
            await engine.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            engine._pendingReembed = await engine.CountStaleVectorsAsync(cancellationToken).ConfigureAwait(false);
            engine.StartBackground();
            if (await engine.CountPendingLinksAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                engine.RequestLinking(); // an import's relations were still queued when the last process stopped
            }
            return engine;
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Saves both indexes durably with the change they contain (also done on a policy and at dispose).</summary>
    public async Task SaveIndexesAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Waits until every pending vector is in the HNSW graphs (useful before measuring search speed).</summary>
    public async Task WaitForIndexingAsync(CancellationToken cancellationToken = default)
    {
        await Index.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
        await TagIndex.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops background work, saves the indexes, and releases them (the store stays open: its owner closes it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

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

        Volatile.Read(ref _linkDrained).TrySetCanceled();
        _linkSignal.Dispose();
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await SaveLockedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or VectorIndexException or UnauthorizedAccessException)
        {
            LogSaveFailed(_logger, ex);
        }
        finally
        {
            Index.Dispose();
            TagIndex.Dispose();
            _termLookup.Dispose();
            _writeGate.Release();
            _writeGate.Dispose();
            _stopping.Dispose();
        }
    }

    private static VectorIndex OpenIndex(string? directory, string file, VectorIndexOptions options, ILoggerFactory? loggerFactory)
    {
        var logger = loggerFactory?.CreateLogger<VectorIndex>();
        return directory is null ? VectorIndex.Create(options, logger) : VectorIndex.Open(Path.Combine(directory, file), options, logger);
    }

    private static void DeleteIndexFiles(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*.usearch*") : [])
        {
            File.Delete(file);
        }
    }

    private static async Task<MemoryGraph> BuildGraphAsync(PeroStore store, MemoryGraphOptions options, CancellationToken cancellationToken)
    {
        var (nodes, links) = await store.Database.ReadAsync(async (c, ct) =>
        {
            var nodes = new List<long>();
            var links = new List<(long, long)>();
            await c.QueryAsync(null, "SELECT id, next_id FROM memory", r =>
            {
                var id = r.GetInt64(0);
                nodes.Add(id);
                if (!r.IsDBNull(1))
                {
                    links.Add((id, r.GetInt64(1)));
                }

                return 0;
            }, ct).ConfigureAwait(false);
            return (nodes, links);
        }, cancellationToken).ConfigureAwait(false);
        var relations = await store.Relations.ListAllAsync(cancellationToken).ConfigureAwait(false);
        return MemoryGraph.Build(nodes, links, relations.Select(r => (r.SourceId, r.TargetId, (float)r.Strength)), options);
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var opened = Index.OpenResult;
        var lastSeq = await Store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, LastSeqSql, ct), cancellationToken).ConfigureAwait(false);
        var replayed = 0L;
        if (opened.NeedsRebuild || opened.Checkpoint > lastSeq)
        {
            LogRebuild(_logger, MemoryIndexFile, opened.Status.ToString(), opened.Detail ?? "no file");
            Index.Clear();
            replayed = await ForEachVectorAsync("SELECT id, embedding FROM memory WHERE embedding IS NOT NULL AND embedding_model = $model AND id > $after ORDER BY id LIMIT 5000",
                batch =>
                {
                    Index.UpsertMany(batch);
                    QueueAudit(batch.Select(b => b.Key));
                }, cancellationToken).ConfigureAwait(false);
        }
        else if (opened.Checkpoint < lastSeq)
        {
            var changes = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
                "SELECT memory_id, max(seq) FROM memory_change WHERE seq > $cp GROUP BY memory_id",
                r => r.GetInt64(0), ct, ("$cp", opened.Checkpoint)), cancellationToken).ConfigureAwait(false);
            await LoadOrphansAsync(opened.Checkpoint, cancellationToken).ConfigureAwait(false);
            var live = await LoadVectorsAsync(changes, cancellationToken).ConfigureAwait(false);
            foreach (var id in changes)
            {
                ForgetOrphan(id);
                if (live.TryGetValue(id, out var vector))
                {
                    Index.Upsert(id, vector);
                    QueueAudit([id]);
                }
                else
                {
                    Index.Remove(id);
                }
            }

            replayed = changes.Count;
            LogCaughtUp(_logger, replayed, opened.Checkpoint, lastSeq);
        }

        else
        {
            await LoadOrphansAsync(opened.Checkpoint, cancellationToken).ConfigureAwait(false);
        }

        _appliedSeq = lastSeq;
        _savedSeq = replayed == 0 ? lastSeq : 0;

        var tagOpened = TagIndex.OpenResult;
        var maxTag = await Store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT coalesce(max(id), 0) FROM tag", ct), cancellationToken).ConfigureAwait(false);
        if (tagOpened.NeedsRebuild || tagOpened.Checkpoint != maxTag)
        {
            TagIndex.Clear();
            await ForEachVectorAsync("SELECT id, embedding FROM tag WHERE embedding IS NOT NULL AND embedding_model = $model AND id > $after ORDER BY id LIMIT 5000",
                batch => TagIndex.UpsertMany(batch), cancellationToken).ConfigureAwait(false);
            _tagSavedMax = -1;
        }
        else
        {
            _tagSavedMax = maxTag;
        }

        if (_savedSeq != _appliedSeq || _tagSavedMax < 0)
        {
            await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> ForEachVectorAsync(string sql, Action<List<VectorEntry>> apply, CancellationToken cancellationToken)
    {
        long after = 0, total = 0;
        while (true)
        {
            var batch = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null, sql,
                r => new VectorEntry(r.GetInt64(0), VectorBlob.Decode((byte[])r.GetValue(1))), ct,
                ("$model", ModelKey), ("$after", after)), cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return total;
            }

            apply(batch);
            total += batch.Count;
            after = batch[^1].Key;
        }
    }

    private Task<Dictionary<long, float[]>> LoadVectorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        Store.Database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null,
                "SELECT id, embedding FROM memory WHERE id IN (SELECT value FROM json_each($ids)) AND embedding IS NOT NULL AND embedding_model = $model",
                r => (r.GetInt64(0), VectorBlob.Decode((byte[])r.GetValue(1))), ct,
                ("$ids", System.Text.Json.JsonSerializer.Serialize(ids)), ("$model", ModelKey)).ConfigureAwait(false);
            return rows.ToDictionary(x => x.Item1, x => x.Item2);
        }, cancellationToken);

    private Task<long> CountStaleVectorsAsync(CancellationToken cancellationToken) =>
        Store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null,
            "SELECT count(*) FROM memory WHERE embedding IS NULL OR embedding_model IS NOT $model", ct, ("$model", ModelKey)), cancellationToken);

    private async Task SaveLockedAsync(CancellationToken cancellationToken)
    {
        if (Options.IndexDirectory is null)
        {
            _savedSeq = _appliedSeq;
            _unsavedWrites = 0;
            return;
        }

        var seq = _appliedSeq;
        if (seq != _savedSeq)
        {
            await Index.SaveAsync(seq, cancellationToken).ConfigureAwait(false);
            await SaveOrphansAsync(seq, cancellationToken).ConfigureAwait(false);
            _savedSeq = seq;
            await Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_change WHERE seq <= $seq",
                ct, ("$seq", seq)), cancellationToken).ConfigureAwait(false);
        }

        var maxTag = await Store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT coalesce(max(id), 0) FROM tag", ct), cancellationToken).ConfigureAwait(false);
        if (maxTag != _tagSavedMax)
        {
            await TagIndex.SaveAsync(maxTag, cancellationToken).ConfigureAwait(false);
            _tagSavedMax = maxTag;
        }

        _unsavedWrites = 0;
    }

    private void NoteWrite(int count)
    {
        if (_unsavedWrites == 0)
        {
            _firstUnsavedAtMs = Environment.TickCount64;
        }

        _unsavedWrites += count;
    }

    private bool SaveIsDue() =>
        _unsavedWrites >= Options.Ingestion.SaveEveryWrites ||
        (_unsavedWrites > 0 && Environment.TickCount64 - _firstUnsavedAtMs >= Options.Ingestion.SaveInterval.TotalMilliseconds);

    private bool SaveIsOverdue() =>
        _unsavedWrites > 0 && Environment.TickCount64 - _firstUnsavedAtMs >= 10 * Options.Ingestion.SaveInterval.TotalMilliseconds;

    private void StartBackground()
    {
        lock (_background)
        {
            _background.Add(Task.Run(() => SaveLoopAsync(_stopping.Token)));
            _background.Add(Task.Run(() => LinkLoopAsync(_stopping.Token)));
            if (_pendingReembed > 0)
            {
                _background.Add(Task.Run(() => ReembedLoopAsync(_stopping.Token)));
            }
        }
    }

    private async Task SaveLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_unaudited.IsEmpty && Index.PendingCount == 0)
            {
                await AuditAsync(2000, cancellationToken).ConfigureAwait(false);
            }

            // A save drains every pending vector into the graph while holding the write gate; during a bulk import
            // that would stall the writers. Durability does not depend on it (SQLite has every committed write and
            // the change log replays what the saved index lacks), so wait for the backlog unless it is overdue.
            if (!SaveIsDue() || (Index.PendingCount > 0 && !SaveIsOverdue()))
            {
                continue;
            }

            try
            {
                await SaveIndexesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or VectorIndexException or UnauthorizedAccessException)
            {
                LogSaveFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding model changed from {Old} to {New}: the vector indexes are rebuilt and every memory is re-embedded in the background")]
    private static partial void LogModelChanged(ILogger logger, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding {File} from the database ({Status}: {Detail})")]
    private static partial void LogRebuild(ILogger logger, string file, string status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vector index caught up: {Count} memories changed between checkpoint {From} and {To}")]
    private static partial void LogCaughtUp(ILogger logger, long count, long from, long to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the vector indexes failed; they will be rebuilt or caught up at the next start")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
