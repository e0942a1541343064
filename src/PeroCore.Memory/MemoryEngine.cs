using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.History;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory;

/// <summary>
/// The memory engine: SQLite is the source of truth; the vector index, the tag index, the full-text index and
/// the spreading graph are kept in step with it. Writes are serialised (SQL commit first, then the in-memory
/// structures); the vector index is saved durably on a policy and caught up from the change log at open, so a
/// crash never loses a committed memory. A facade over its parts: <see cref="MemoryRecaller"/> (recall),
/// <see cref="MemoryWriter"/> (ingestion), <see cref="RelationLinker"/> (cheap relations), <see cref="IndexSynchronizer"/>
/// and <see cref="ReachabilityAudit"/> (the vector indexes).
/// </summary>
public sealed partial class MemoryEngine : IAsyncDisposable
{
    /// <summary>File name of the memory vector index inside the index folder.</summary>
    internal const string MemoryIndexFile = IndexSynchronizer.MemoryIndexFile;

    /// <summary>File name of the tag vector index inside the index folder.</summary>
    internal const string TagIndexFile = IndexSynchronizer.TagIndexFile;

    private const string ModelStateKey = "embedding_model";

    private readonly EngineContext _context;
    private readonly ReachabilityAudit _audit;
    private readonly IndexSynchronizer _indexes;
    private readonly RelationLinker _linker;
    private readonly MemoryWriter _writer;
    private readonly MemoryRecaller _recaller;
    private readonly QueryEmbedder _queries;
    private readonly FullTextSearch _fullText;
    private int _disposed;

    private MemoryEngine(EngineContext context)
    {
        _context = context;
        var sync = new IndexSyncStore(context.Store.Database);
        var ingestion = new IngestionStore(context.Store.Database);
        _audit = new ReachabilityAudit(context.Index, sync, context.Store.EngineState, context.ModelKey, context.Model.Dimensions, context.Logger);
        _indexes = new IndexSynchronizer(context, sync, _audit);
        _linker = new RelationLinker(context, _audit, ingestion);
        _writer = new MemoryWriter(context, _indexes, _audit, _linker, ingestion);
        _fullText = new FullTextSearch(context.Store.Database);
        _queries = new QueryEmbedder(context.Embedder);
        _recaller = new MemoryRecaller(context, _audit, _queries, new RecallStore(context.Store.Database), _fullText);
    }

    /// <summary>The store.</summary>
    internal PeroStore Store => _context.Store;

    /// <summary>The embedding model whose vectors the indexes hold.</summary>
    internal EmbeddingModelIdentity Model => _context.Model;

    /// <summary>The settings.</summary>
    public MemoryEngineOptions Options => _context.Options;

    /// <summary>The memory vector index.</summary>
    internal VectorIndex Index => _context.Index;

    /// <summary>The tag vector index.</summary>
    internal VectorIndex TagIndex => _context.TagIndex;

    /// <summary>The spreading graph (relations and the time axis).</summary>
    internal MemoryGraph Graph => _context.Graph;

    /// <summary>The identity string stored with every vector: <c>name:dimensions</c>.</summary>
    internal string ModelKey => _context.ModelKey;

    /// <summary>Memories whose vectors came from another model and are being re-embedded in the background.</summary>
    internal long PendingReembed => _writer.PendingReembed;

    /// <summary>Vectors the HNSW graph cannot reach, searched exactly instead.</summary>
    internal int OrphanCount => _audit.OrphanCount;

    /// <summary>Vectors not yet checked for reachability.</summary>
    internal int UnauditedCount => _audit.UnauditedCount;

    /// <summary>Vectors awaiting their reachability check that every vector search scans exactly (for tests).</summary>
    internal int FreshCount => _audit.FreshCount;

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
        var modelKey = EngineContext.KeyOf(model);

        var storedModel = await store.EngineState.GetAsync(ModelStateKey, cancellationToken).ConfigureAwait(false);
        var modelChanged = storedModel is not null && storedModel != modelKey;
        if (modelChanged)
        {
            LogModelChanged(logger, storedModel!, modelKey);
            IndexSynchronizer.DeleteIndexFiles(options.IndexDirectory);
        }

        if (storedModel != modelKey)
        {
            await store.EngineState.SetAsync(ModelStateKey, modelKey, cancellationToken).ConfigureAwait(false);
        }

        var indexOptions = options.Index with { Dimensions = model.Dimensions, LoadEagerly = true };
        var index = OpenIndex(options.IndexDirectory, MemoryIndexFile, indexOptions, loggerFactory);
        var tagIndex = OpenIndex(options.IndexDirectory, TagIndexFile, indexOptions, loggerFactory);
        var graph = await BuildGraphAsync(store, options.Graph, cancellationToken).ConfigureAwait(false);
        var engine = new MemoryEngine(new EngineContext(store, embedder, model, options, index, tagIndex, graph, logger));
        try
        {
            await engine._indexes.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            var stale = await new IndexSyncStore(store.Database).CountStaleVectorsAsync(modelKey, cancellationToken).ConfigureAwait(false);
            engine._writer.SetPendingReembed(stale);
            engine._context.Start(engine._indexes.RunAsync);
            engine._context.Start(engine._linker.RunAsync);
            if (stale > 0)
            {
                engine._context.Start(engine._writer.ReembedAsync);
            }

            if (await engine.CountPendingLinksAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                engine._linker.Request(); // an import's relations were still queued when the last process stopped
            }

            return engine;
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Recalls the memories most relevant to a query: the one entry point of every caller (chat, tools, HTTP API,
    /// evaluations). The query is a text or a conversation (<see cref="RecallRequest.Conversation"/>), embedded in one
    /// place (<see cref="RecallQuery"/>). Default mode: vector and full-text candidates are fused by rank, each
    /// candidate's initial energy is its exact cosine to the query rescaled above <see cref="RecallOptions.SimilarityFloor"/>,
    /// energy spreads over relations and the time axis (reaching memories that were not candidates), and the final
    /// score combines activation, lexical match, importance with time decay, and recency.
    /// </summary>
    /// <exception cref="ArgumentException">No query text, conversation text or vector; a vector of the wrong dimension; bad options.</exception>
    public Task<RecallResult> RecallAsync(RecallRequest request, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _recaller.RecallAsync(request, cancellationToken);
    }

    /// <summary>
    /// The query vectors of several questions, embedded in one call the way <see cref="RecallAsync"/> embeds a query
    /// (for evaluations that pass them back as <see cref="RecallRequest.QueryVector"/>).
    /// </summary>
    public Task<IReadOnlyList<float[]>> EmbedQueriesAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken = default) =>
        _queries.EmbedManyAsync(queries, cancellationToken);

    /// <summary>Tags whose meaning is closest to a query.</summary>
    public Task<IReadOnlyList<TagHit>> SearchTagsAsync(string query, int limit = 10, CancellationToken cancellationToken = default) =>
        _recaller.SearchTagsAsync(query, limit, cancellationToken);

    /// <summary>Full-text search: ids and BM25 scores normalised so the best match is 1 (best first).</summary>
    public Task<List<(long Id, double Score)>> SearchFullTextAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        _recaller.SearchFullTextAsync(query, limit, Options.Recall, cancellationToken);

    /// <summary>Vector search over the index plus the vectors it cannot reach, best first (ties by id). This is what recall uses.</summary>
    public IReadOnlyList<VectorSearchHit> SearchVectors(ReadOnlySpan<float> query, int k) => _audit.Search(query, k);

    /// <summary>
    /// Writes one memory: cleaned, embedded (unless a vector is given), stored with its full-text row, time-axis
    /// links and cheap relations in one transaction, then added to the vector index and the graph.
    /// </summary>
    /// <exception cref="ArgumentException">Blank content, blocked words (reject mode), a bad vector; nothing is written.</exception>
    public Task<MemoryRecord> AddAsync(NewMemory input, CancellationToken cancellationToken = default) => AddAsync(input, (long?)null, ChangeOrigin.Api, cancellationToken);

    /// <summary>Writes one memory on behalf of <paramref name="origin"/> (its history row names it).</summary>
    public Task<MemoryRecord> AddAsync(NewMemory input, ChangeOrigin origin, CancellationToken cancellationToken = default) => AddAsync(input, (long?)null, origin, cancellationToken);

    /// <summary>
    /// Writes one memory, unless the store was reset or restored since <paramref name="expectedGeneration"/> was read
    /// from <see cref="Generation"/> (then <see cref="StoreConflictException"/>, nothing written); null writes always.
    /// </summary>
    public Task<MemoryRecord> AddAsync(NewMemory input, long? expectedGeneration, CancellationToken cancellationToken = default) =>
        AddAsync(input, expectedGeneration, ChangeOrigin.Api, cancellationToken);

    /// <summary>Writes one memory on behalf of <paramref name="origin"/>, unless the store was reset or restored since <paramref name="expectedGeneration"/>.</summary>
    public Task<MemoryRecord> AddAsync(NewMemory input, long? expectedGeneration, ChangeOrigin? origin, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.AddAsync(input, cancellationToken, expectedGeneration, origin ?? ChangeOrigin.Api);
    }

    /// <summary>
    /// Increases with every factory reset and restore. A writer that prepares a memory slowly (the scorer waits on an
    /// LLM) reads it first and passes it to <see cref="AddAsync(NewMemory, long?, CancellationToken)"/>.
    /// </summary>
    public long Generation => _context.Generation;

    /// <summary>
    /// Writes many memories: embedded in batches, stored in transactions of up to 1000, indexed in bulk. Each
    /// committed batch is durable even if the process dies during a later one.
    /// </summary>
    public Task<ImportResult> ImportAsync(IReadOnlyList<NewMemory> inputs, CancellationToken cancellationToken = default, IProgress<int>? progress = null, ImportOptions? options = null,
        ChangeOrigin? origin = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.ImportAsync(inputs, cancellationToken, progress, options, origin);
    }

    /// <summary>Changes a memory; content or tag changes are re-embedded. Returns null if it does not exist.</summary>
    public Task<MemoryRecord?> UpdateAsync(long id, MemoryEdit edit, CancellationToken cancellationToken = default) =>
        _writer.UpdateAsync(id, edit, cancellationToken);

    /// <summary>Changes a memory on behalf of <paramref name="origin"/>. Returns null if it does not exist.</summary>
    public Task<MemoryRecord?> UpdateAsync(long id, MemoryEdit edit, ChangeOrigin origin, CancellationToken cancellationToken = default) =>
        _writer.UpdateAsync(id, edit, cancellationToken, origin);

    /// <summary>Deletes a memory everywhere (row, full text, relations, time axis, vector). False if it did not exist.</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) => _writer.DeleteAsync(id, cancellationToken);

    /// <summary>Deletes a memory on behalf of <paramref name="origin"/> (its before-image stays in history). False if it did not exist.</summary>
    public Task<bool> DeleteAsync(long id, ChangeOrigin origin, CancellationToken cancellationToken = default) => _writer.DeleteAsync(id, cancellationToken, origin);

    /// <summary>Adds a relation or changes its strength; the graph follows.</summary>
    /// <exception cref="ArgumentException">Unknown type, strength outside 0..1, a self-relation.</exception>
    /// <exception cref="KeyNotFoundException">A memory does not exist.</exception>
    public Task<MemoryRelationRecord> RelateAsync(long sourceId, long targetId, string relationType, double strength, string? description = null, CancellationToken cancellationToken = default) =>
        _writer.RelateAsync(sourceId, targetId, relationType, strength, description, cancellationToken);

    /// <summary>Adds a relation or changes its strength on behalf of <paramref name="origin"/> (a history row on both ends).</summary>
    public Task<MemoryRelationRecord> RelateAsync(long sourceId, long targetId, string relationType, double strength, string? description, ChangeOrigin origin,
        CancellationToken cancellationToken = default) =>
        _writer.RelateAsync(sourceId, targetId, relationType, strength, description, cancellationToken, origin);

    /// <summary>Removes a relation by id; false if it did not exist.</summary>
    public Task<bool> UnrelateAsync(long relationId, CancellationToken cancellationToken = default) => _writer.UnrelateAsync(relationId, cancellationToken);

    /// <summary>Removes a relation by id on behalf of <paramref name="origin"/>; false if it did not exist.</summary>
    public Task<bool> UnrelateAsync(long relationId, ChangeOrigin origin, CancellationToken cancellationToken = default) =>
        _writer.UnrelateAsync(relationId, cancellationToken, origin);

    /// <summary>The relations touching a memory.</summary>
    public Task<List<MemoryRelationRecord>> RelationsOfAsync(long memoryId, CancellationToken cancellationToken = default) =>
        Store.Relations.ListForMemoryAsync(memoryId, cancellationToken);

    /// <summary>The text that is embedded for a memory: its content, then its tags.</summary>
    public static string IndexText(string content, IReadOnlyList<string> tags) => MemoryWriter.IndexText(content, tags);

    /// <summary>
    /// Deletes the vector index files in <paramref name="directory"/> (the next open rebuilds them from SQLite), as
    /// <c>perocore repair</c> does. Returns the names of the deleted files.
    /// </summary>
    public static IReadOnlyList<string> DeleteIndexFiles(string? directory) => IndexSynchronizer.DeleteIndexFiles(directory);

    /// <summary>Memories waiting for the background linker.</summary>
    public Task<long> CountPendingLinksAsync(CancellationToken cancellationToken = default) => _linker.CountPendingAsync(cancellationToken);

    /// <summary>Waits until every memory queued for linking is linked (and its relations are in the graph).</summary>
    /// <exception cref="InvalidOperationException">A linking pass failed (its cause is the inner exception); the queue is kept.</exception>
    public Task WaitForLinkingAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _linker.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until every vector written so far has been audited (tests, benchmarks, tools). Vectors not yet audited
    /// when the index is saved are remembered with it and audited after the next start.
    /// </summary>
    public Task WaitForAuditAsync(CancellationToken cancellationToken = default) => _audit.WaitAsync(cancellationToken);

    /// <summary>Saves both indexes durably with the change they contain (also done on a policy and at dispose).</summary>
    public Task SaveIndexesAsync(CancellationToken cancellationToken = default) => _indexes.SaveAsync(cancellationToken);

    /// <summary>Waits until every pending vector is in the HNSW graphs (useful before measuring search speed).</summary>
    public async Task WaitForIndexingAsync(CancellationToken cancellationToken = default)
    {
        await Index.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
        await TagIndex.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a memory as <see cref="AddAsync"/> and <see cref="ImportAsync"/> would (content, importance, vector) without writing it.</summary>
    /// <exception cref="ArgumentException">What the write would refuse.</exception>
    public void Validate(NewMemory input)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _writer.Validate(input);
    }

    /// <summary>
    /// The factory reset: in one transaction, empties every table of <see cref="DataTables.ClearedByReset"/> (settings but
    /// <see cref="DataTables.ConfigKeptByReset"/>), runs <paramref name="alsoInTransaction"/> (say, a default pet state),
    /// and records the reset; then empties the vector indexes and the graph and saves them. A crash between the commit
    /// and the save is repaired at the next open (the saved index predates the reset, so it is rebuilt).
    /// </summary>
    public async Task ResetAsync(Func<SqliteTransaction, CancellationToken, Task>? alsoInTransaction = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Store.Database.WriteAsync(async (tx, ct) =>
            {
                await StoreReset.ClearAsync(tx, ct).ConfigureAwait(false);
                if (alsoInTransaction is not null)
                {
                    await alsoInTransaction(tx, ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            await ReloadLockedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _context.WriteGate.Release();
        }
    }

    /// <summary>
    /// Writes the records of an export back (<see cref="StoreRestore"/>) in one transaction, which commits when
    /// <paramref name="write"/> returns and rolls back if it throws; then rebuilds the vector indexes and the graph from
    /// SQLite and re-embeds, in the background, the memories whose vectors came from another model.
    /// </summary>
    public async Task<TResult> RestoreAsync<TResult>(Func<StoreRestore, CancellationToken, Task<TResult>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await Store.Database.WriteAsync(async (tx, ct) =>
            {
                var restore = new StoreRestore(tx, ModelKey, Model.Dimensions);
                await using (restore.ConfigureAwait(false))
                {
                    await restore.BeginAsync(ct).ConfigureAwait(false);
                    var r = await write(restore, ct).ConfigureAwait(false);
                    await restore.FinishAsync(ct).ConfigureAwait(false);
                    await StoreReset.MarkAsync(tx, ct).ConfigureAwait(false);
                    return r;
                }
            }, cancellationToken).ConfigureAwait(false);
            await ReloadLockedAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _context.WriteGate.Release();
        }
    }

    /// <summary>Writes everything the user owns as JSON Lines (<see cref="StoreExport"/>); returns the records of each kind.</summary>
    public Task<IReadOnlyDictionary<string, long>> ExportAsync(Stream output, CancellationToken cancellationToken = default) =>
        StoreExport.WriteAsync(Store.Database, output, ModelKey, Model.Dimensions, cancellationToken);

    private async Task ReloadLockedAsync(CancellationToken cancellationToken)
    {
        _context.NextGeneration();
        await _indexes.ReloadLockedAsync(cancellationToken).ConfigureAwait(false);
        _context.Graph.ReplaceWith(await BuildGraphAsync(Store, Options.Graph, cancellationToken).ConfigureAwait(false));
        var stale = await new IndexSyncStore(Store.Database).CountStaleVectorsAsync(ModelKey, cancellationToken).ConfigureAwait(false);
        _writer.SetPendingReembed(stale);
        if (stale > 0)
        {
            _context.Start(_writer.ReembedAsync);
        }

        if (await CountPendingLinksAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            _linker.Request();
        }
    }

    /// <summary>Stops background work, saves the indexes, and releases them (the store stays open: its owner closes it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _context.StopAsync().ConfigureAwait(false);
        _linker.Stop();
        _linker.Dispose();
        await _context.WriteGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _indexes.SaveAtShutdownAsync().ConfigureAwait(false);
        }
        finally
        {
            Index.Dispose();
            TagIndex.Dispose();
            _context.WriteGate.Release();
            _context.Dispose();
        }
    }

    private static VectorIndex OpenIndex(string? directory, string file, VectorIndexOptions options, ILoggerFactory? loggerFactory)
    {
        var logger = loggerFactory?.CreateLogger<VectorIndex>();
        return directory is null ? VectorIndex.Create(options, logger) : VectorIndex.Open(Path.Combine(directory, file), options, logger);
    }

    private static async Task<MemoryGraph> BuildGraphAsync(PeroStore store, MemoryGraphOptions options, CancellationToken cancellationToken)
    {
        var (nodes, links) = await new IndexSyncStore(store.Database).TimeAxisAsync(cancellationToken).ConfigureAwait(false);
        var relations = await store.Relations.ListAllAsync(cancellationToken).ConfigureAwait(false);
        return MemoryGraph.Build(nodes, links, relations.Select(r => (r.SourceId, r.TargetId, (float)r.Strength)), options);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding model changed from {Old} to {New}: the vector indexes are rebuilt and every memory is re-embedded in the background")]
    private static partial void LogModelChanged(ILogger logger, string old, string @new);
}
