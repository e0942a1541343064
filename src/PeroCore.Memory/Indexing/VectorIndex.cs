using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// An approximate-nearest-neighbour index of memory vectors (cosine metric) over USearch HNSW, keyed by
/// positive memory ids, with exact search over not-yet-indexed vectors, atomic checkpointed saves and safe loads.
/// </summary>
/// <remarks>
/// <para><b>Writes.</b> <see cref="Upsert"/> and <see cref="Remove"/> only touch a managed <i>pending</i> buffer
/// and a set of stale graph keys, so they are fast and take effect at once: a pending vector is found by an exact
/// scan, and a removed or replaced key is filtered out of graph results. A background worker (or the writer itself, or an
/// explicit flush: see <see cref="VectorIndexOptions.IndexingMode"/>) moves pending vectors into the
/// graph in batches, inserting from <see cref="VectorIndexOptions.IndexingThreads"/> threads after reserving
/// capacity ahead, and deletes stale graph entries. Upsert of an existing key replaces its vector; both
/// operations are idempotent.</para>
/// <para><b>Threads.</b> Any number of threads may search while one writes: a reader-writer lock guards the
/// managed state, graph structure changes (removal, growth) take the write lock, and graph insertions run
/// concurrently with searches, which USearch supports. A search never sees a torn state: every key is answered
/// either from the pending buffer (authoritative) or from the graph, never from a stale graph copy.</para>
/// <para><b>Durability.</b> <see cref="SaveAsync"/> drains the pending buffer, writes the graph to a temporary file,
/// fsyncs it, renames it over the target and fsyncs the folder; then it writes the checkpoint sidecar
/// (<c>&lt;path&gt;.checkpoint</c>) the same way. A crash between the two leaves an older (lower) checkpoint,
/// which is safe because replaying upserts and removes is idempotent.</para>
/// <para><b>Loading.</b> <see cref="Open"/> loads lazily on the first operation (or at once with
/// <see cref="VectorIndexOptions.LoadEagerly"/>) and reports the outcome in <see cref="OpenResult"/>. A missing,
/// truncated, damaged or incompatible file never throws: the index starts empty, a warning is logged, and
/// <see cref="VectorIndexOpenResult.NeedsRebuild"/> is set. A damaged or incompatible file is renamed aside to
/// <c>&lt;path&gt;.corrupt-&lt;timestamp&gt;</c> so the next save cannot destroy it.</para>
/// <para><b>Parts.</b> This class holds the locks, the public operations, the indexing rounds and the graph search;
/// the staging area is <see cref="PendingVectors"/>, the background worker <see cref="IndexingWorker"/>, and the files
/// (atomic saves, safe loads, quarantine) <see cref="VectorIndexFile"/>.</para>
/// </remarks>
public sealed partial class VectorIndex : IDisposable
{
    private const int StackallocLimit = 128;

    private readonly VectorIndexOptions _options;
    private readonly ILogger _logger;
    private readonly VectorIndexFile? _file;
    private readonly ReaderWriterLockSlim _state = new(LockRecursionPolicy.NoRecursion);

    // Native insertions exclude native searches. USearch reads a node's neighbour lists and the entry point without
    // locks while an insertion rewrites them, so a search racing an insertion can follow a half-written link to a slot
    // without a vector and crash the process (seen as a segfault in the f16 distance kernel under load). Insertions
    // run from several threads at once in short slices, searches from several threads between the slices.
    private readonly ReaderWriterLockSlim _graph = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _mutator = new(1, 1);
    private readonly SemaphoreSlim _nativeSlots;
    private readonly int _nativeThreads;
    private readonly Lock _loadLock = new();
    private readonly PendingVectors _staging = new();
    private readonly IndexingWorker _worker;
    private NativeIndex? _native;
    private VectorIndexOpenResult? _openResult;
    private long _count;
    private int _expansionSearch;
    private int _expansionAdd;
    private int _disposed;

    private VectorIndex(string? path, VectorIndexOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateForIndex();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _file = path is null ? null : new VectorIndexFile(System.IO.Path.GetFullPath(path), options, _logger);
        _nativeThreads = _options.MaxConcurrentSearches + _options.IndexingThreads;
        _nativeSlots = new SemaphoreSlim(_nativeThreads, _nativeThreads);
        _worker = new IndexingWorker(_mutator, () => RunRoundLocked(long.MaxValue), _options.IndexingMode == VectorIndexingMode.Background, _logger);
    }

    /// <summary>Gets the path of the index file, or null for an in-memory index.</summary>
    public string? Path => _file?.Path;

    /// <summary>Gets the vector length.</summary>
    public int Dimensions => _options.Dimensions;

    /// <summary>Gets the storage precision.</summary>
    public VectorQuantization Quantization => _options.Quantization;

    /// <summary>Gets what happened when the index was opened (loads the file if that has not happened yet).</summary>
    public VectorIndexOpenResult OpenResult
    {
        get
        {
            EnsureLoaded();
            return _openResult!;
        }
    }

    /// <summary>Gets the number of live vectors (indexed plus pending).</summary>
    public long Count
    {
        get
        {
            EnsureLoaded();
            return Interlocked.Read(ref _count);
        }
    }

    /// <summary>
    /// Holds the background indexer back until the returned handle is disposed (nested holds count), so that a
    /// bulk writer has the cores; searches still see every vector (pending ones exactly), and explicit drains
    /// (<see cref="WaitForIndexingAsync"/>, saves) still run.
    /// </summary>
    public IDisposable SuspendBackgroundIndexing() => _worker.Suspend();

    /// <summary>The efConstruction the last indexing round inserted with (0 before the first round).</summary>
    internal int CurrentExpansionAdd => Volatile.Read(ref _expansionAdd);

    /// <summary>Gets the number of vectors waiting to be inserted into the graph.</summary>
    public int PendingCount
    {
        get
        {
            EnsureLoaded();
            _state.EnterReadLock();
            try
            {
                return _staging.Count;
            }
            finally
            {
                _state.ExitReadLock();
            }
        }
    }

    /// <summary>Creates an empty in-memory index (no file; <see cref="SaveAsync"/> is not available).</summary>
    /// <param name="options">Settings; <see cref="VectorIndexOptions.Dimensions"/> is required.</param>
    /// <param name="logger">Logger, or null.</param>
    /// <returns>The index.</returns>
    public static VectorIndex Create(VectorIndexOptions options, ILogger? logger = null)
    {
        var index = new VectorIndex(null, options, logger);
        index._native = index.CreateNative();
        index._openResult = new VectorIndexOpenResult(VectorIndexLoadStatus.InMemory, 0, 0);
        return index;
    }

    /// <summary>
    /// Opens the index stored at <paramref name="path"/> (and its <c>.checkpoint</c> sidecar). Never throws for a
    /// missing or damaged file: see <see cref="OpenResult"/>. The folder is created if needed.
    /// </summary>
    /// <param name="path">Index file path, for example <c>data/memory.usearch</c>.</param>
    /// <param name="options">Settings; <see cref="VectorIndexOptions.Dimensions"/> is required.</param>
    /// <param name="logger">Logger, or null.</param>
    /// <returns>The index (loaded now or on first use, per <see cref="VectorIndexOptions.LoadEagerly"/>).</returns>
    public static VectorIndex Open(string path, VectorIndexOptions options, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var index = new VectorIndex(path, options, logger);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(index._file!.Path)!);
        if (index._options.LoadEagerly)
        {
            index.EnsureLoaded();
        }

        return index;
    }

    /// <summary>
    /// Adds a vector or replaces the vector of an existing key. The vector is searchable when this returns.
    /// </summary>
    /// <param name="key">The memory id (positive).</param>
    /// <param name="vector">The vector (any length-preserving scale; it is normalised).</param>
    /// <exception cref="ArgumentOutOfRangeException">The key is not positive.</exception>
    /// <exception cref="ArgumentException">The vector has the wrong length, a NaN or infinity, or is all zeros.</exception>
    public void Upsert(long key, ReadOnlySpan<float> vector)
    {
        ValidateKey(key);
        float[] normalized = ValidateAndNormalize(vector, nameof(vector));
        EnsureLoaded();
        _state.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            UpsertLocked(key, normalized);
        }
        finally
        {
            _state.ExitWriteLock();
        }

        AfterWrite();
    }

    /// <summary>
    /// Adds or replaces many vectors. Every entry is validated first; if any is invalid nothing changes.
    /// </summary>
    /// <param name="entries">Keys and vectors; a key repeated later in the list wins.</param>
    /// <exception cref="ArgumentException">An entry is invalid (the message names its position).</exception>
    public void UpsertMany(IEnumerable<VectorEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var prepared = new List<(long Key, float[] Vector)>();
        int position = 0;
        foreach (VectorEntry entry in entries)
        {
            try
            {
                ValidateKey(entry.Key);
                prepared.Add((entry.Key, ValidateAndNormalize(entry.Vector.Span, nameof(entries))));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Entry {position} (key {entry.Key}) is invalid: {ex.Message}", nameof(entries), ex);
            }

            position++;
        }

        if (prepared.Count == 0)
        {
            return;
        }

        EnsureLoaded();
        _state.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            foreach ((long key, float[] vector) in prepared)
            {
                UpsertLocked(key, vector);
            }
        }
        finally
        {
            _state.ExitWriteLock();
        }

        AfterWrite();
    }

    /// <summary>Removes a key. Idempotent: removing an absent key does nothing.</summary>
    /// <param name="key">The memory id (positive).</param>
    /// <returns>True when the key was present.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The key is not positive.</exception>
    public bool Remove(long key)
    {
        ValidateKey(key);
        EnsureLoaded();
        bool existed;
        _state.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            existed = _staging.Remove(_native!, key);
            if (existed)
            {
                _count--;
            }
        }
        finally
        {
            _state.ExitWriteLock();
        }

        if (existed)
        {
            AfterWrite();
        }

        return existed;
    }

    /// <summary>Returns whether the key is in the index (indexed or pending).</summary>
    /// <param name="key">The memory id.</param>
    /// <returns>True when present.</returns>
    public bool Contains(long key) => Where(key) != Placement.Absent;

    /// <summary>Returns whether the key's current vector is in the HNSW graph (not pending, not stale).</summary>
    /// <param name="key">The memory id.</param>
    /// <returns>True when the graph holds the key's current vector.</returns>
    public bool IsInGraph(long key) => Where(key) == Placement.Graph;

    private enum Placement
    {
        Absent,
        Pending,
        Graph,
    }

    /// <summary>Where the key's current vector is: waiting to be inserted, in the graph, or nowhere.</summary>
    private Placement Where(long key)
    {
        if (key <= 0)
        {
            return Placement.Absent;
        }

        EnsureLoaded();
        _state.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            return _staging.Contains(key) ? Placement.Pending : _staging.IsLiveIn(_native!, key) ? Placement.Graph : Placement.Absent;
        }
        finally
        {
            _state.ExitReadLock();
        }
    }

    /// <summary>
    /// Finds the <paramref name="k"/> vectors most similar to the query: approximate over the graph, exact over
    /// pending vectors, merged. Best first; ties by ascending key.
    /// </summary>
    /// <param name="query">The query vector (normalised internally).</param>
    /// <param name="k">How many results at most (at least 1).</param>
    /// <returns>Up to <paramref name="k"/> hits with similarity = 1 − cosine distance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The query has the wrong length, a NaN or infinity, or is all zeros.</exception>
    public IReadOnlyList<VectorSearchHit> Search(ReadOnlySpan<float> query, int k) => Search(query, k, includePending: true);

    /// <summary>
    /// Like <see cref="Search(ReadOnlySpan{float}, int)"/>; with <paramref name="includePending"/> false only the HNSW
    /// graph is searched, skipping the exact scan of vectors not yet indexed (whose cost grows with the backlog).
    /// For approximate uses such as linking a new memory to similar ones during a bulk import.
    /// </summary>
    public IReadOnlyList<VectorSearchHit> Search(ReadOnlySpan<float> query, int k, bool includePending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        float[] normalized = ValidateAndNormalize(query, nameof(query));
        EnsureLoaded();
        _state.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            var candidates = new List<VectorSearchHit>(Math.Min(k, 256) * 2);
            SearchGraphLocked(normalized, k, candidates);
            if (includePending)
            {
                _staging.Search(normalized, k, candidates);
            }
            candidates.Sort(static (a, b) =>
            {
                int bySimilarity = b.Similarity.CompareTo(a.Similarity);
                return bySimilarity != 0 ? bySimilarity : a.Key.CompareTo(b.Key);
            });
            if (candidates.Count > k)
            {
                candidates.RemoveRange(k, candidates.Count - k);
            }

            return candidates;
        }
        finally
        {
            _state.ExitReadLock();
        }
    }

    /// <summary>
    /// The current vectors of those <paramref name="keys"/> the index holds, normalised, at the precision of a float32 or
    /// float16 graph (a pending vector rounded as the graph will store it, so the answer is the same before and after
    /// its insertion), converted to float32. Keys the index does not hold are left out, and an Int8 index answers
    /// none (its copies are too coarse, and a pending vector could not be rounded the same way). Much cheaper than
    /// reading the stored vectors from the database, for uses that tolerate the index precision.
    /// </summary>
    /// <param name="keys">The memory ids.</param>
    /// <returns>Each found key's vector (a new array the caller owns).</returns>
    public Dictionary<long, float[]> GetVectors(IReadOnlyCollection<long> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<long, float[]>(keys.Count);
        if (keys.Count == 0 || _options.Quantization == VectorQuantization.Int8)
        {
            return found;
        }

        EnsureLoaded();
        _state.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            NativeIndex native = _native!;
            // Like a search, a read of the graph must not overlap a native insertion (see _graph).
            _graph.EnterReadLock();
            try
            {
                foreach (long key in keys)
                {
                    if (key <= 0 || found.ContainsKey(key))
                    {
                        continue;
                    }

                    if (_staging.TryGet(key, out float[]? staged))
                    {
                        // Rounded as the graph will store it, so the answer does not depend on whether the insertion ran yet.
                        found[key] = _options.Quantization == VectorQuantization.Float16 ? RoundToHalf(staged) : (float[])staged.Clone();
                        continue;
                    }

                    if (_staging.Hides(key))
                    {
                        continue; // removed or replaced: the graph's copy is stale
                    }

                    var vector = new float[native.Dimensions];
                    if (native.TryGet(key, vector))
                    {
                        found[key] = vector;
                    }
                }
            }
            finally
            {
                _graph.ExitReadLock();
            }
        }
        finally
        {
            _state.ExitReadLock();
        }

        return found;
    }

    private static float[] RoundToHalf(float[] vector)
    {
        var half = new Half[vector.Length];
        TensorPrimitives.ConvertToHalf(vector, half);
        var rounded = new float[vector.Length];
        TensorPrimitives.ConvertToSingle(half, rounded);
        return rounded;
    }

    /// <summary>
    /// Waits until every vector upserted before the call is in the graph and every stale graph entry is deleted.
    /// The calling thread helps with the work.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (work already done stays done).</param>
    /// <returns>A task that completes when drained.</returns>
    public async Task WaitForIndexingAsync(CancellationToken cancellationToken = default)
    {
        EnsureLoaded();
        long target = _staging.Version;
        await _mutator.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DrainLocked(target, cancellationToken);
        }
        finally
        {
            _mutator.Release();
        }
    }

    /// <summary>Synchronous form of <see cref="WaitForIndexingAsync"/>.</summary>
    public void FlushPending()
    {
        EnsureLoaded();
        long target = _staging.Version;
        _mutator.Wait();
        try
        {
            DrainLocked(target, CancellationToken.None);
        }
        finally
        {
            _mutator.Release();
        }
    }

    /// <summary>
    /// Saves the index atomically and durably, with <paramref name="checkpoint"/>: the highest change sequence
    /// number the caller has applied to this index. Every upsert and remove that returned before this call is in
    /// the saved file; later ones may or may not be (replaying them is idempotent).
    /// </summary>
    /// <param name="checkpoint">The caller's change sequence number (non-negative).</param>
    /// <param name="cancellationToken">Cancels before the file is replaced.</param>
    /// <returns>A task that completes when the index and its checkpoint are on disk.</returns>
    /// <exception cref="InvalidOperationException">The index is in-memory, or some vectors could not be inserted.</exception>
    public async Task SaveAsync(long checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoint);
        if (_file is null)
        {
            throw new InvalidOperationException("An in-memory vector index has no file to save to.");
        }

        EnsureLoaded();
        long target = _staging.Version;
        await _mutator.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DrainLocked(target, cancellationToken);
            int failed = ReadLocked(() => _staging.FailedCount);
            if (failed > 0)
            {
                throw new InvalidOperationException(
                    $"{failed} vectors could not be inserted into the index (see earlier errors); saving would record a false checkpoint.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            // The native save blocks for as long as the file takes to write; keep it off the caller's thread.
            await Task.Run(() => _file.Save(_native ?? throw new ObjectDisposedException(nameof(VectorIndex)), checkpoint), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _mutator.Release();
        }
    }

    /// <summary>Removes every vector (for example before re-embedding with a new model). Keeps the file until the next save.</summary>
    public void Clear()
    {
        EnsureLoaded();
        _mutator.Wait();
        try
        {
            NativeIndex fresh = CreateNative();
            _state.EnterWriteLock();
            try
            {
                ThrowIfDisposed();
                _native?.Dispose();
                _native = fresh;
                _expansionSearch = _options.ExpansionSearch;
                _staging.Clear();
                _count = 0;
            }
            finally
            {
                _state.ExitWriteLock();
            }
        }
        finally
        {
            _mutator.Release();
        }
    }

    /// <summary>Returns counts and approximate memory use for diagnostics.</summary>
    /// <returns>The snapshot.</returns>
    public VectorIndexStats GetStats()
    {
        EnsureLoaded();
        _state.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            NativeIndex native = _native!;
            long pendingBytes = (long)_staging.Count * ((_options.Dimensions * sizeof(float)) + 96);

            // The native memory figure walks every node, so it must not run beside an insertion (see _graph).
            _graph.EnterReadLock();
            try
            {
                return new VectorIndexStats(
                    _count,
                    native.Size,
                    _staging.Count,
                    _staging.StaleCount,
                    native.Capacity,
                    native.MemoryUsage,
                    pendingBytes);
            }
            finally
            {
                _graph.ExitReadLock();
            }
        }
        finally
        {
            _state.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _worker.Stop();
        _mutator.Wait();
        _state.EnterWriteLock();
        try
        {
            _native?.Dispose();
            _native = null;
        }
        finally
        {
            _state.ExitWriteLock();
        }

        _mutator.Release();
        _worker.Dispose();
        _nativeSlots.Dispose();
        _state.Dispose();
        _graph.Dispose();
        _mutator.Dispose();
    }

    // Vectors per insertion slice (see _graph): about 5 ms of insertion on this class of CPU, long enough for the
    // parallel loop's overhead not to count, short enough that a waiting search barely notices.
    private const int GraphSlicePerThread = 8;
    private const int GraphSliceMinimum = 16;

    private static void ValidateKey(long key)
    {
        if (key <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, "Vector keys are memory ids and must be positive.");
        }
    }

    private static float Similarity(float distance) => 1f - distance;

    private float[] ValidateAndNormalize(ReadOnlySpan<float> vector, string paramName)
    {
        VectorValidation.EnsureValid(vector, _options.Dimensions, paramName, requireNonZero: true);
        float[] normalized = VectorMath.Normalize(vector);
        float norm = VectorMath.Norm(normalized);
        if (!(Math.Abs(norm - 1f) < 1e-3f))
        {
            throw new ArgumentException("Vector is too close to zero (or too large) to normalise.", paramName);
        }

        return normalized;
    }

    private T ReadLocked<T>(Func<T> read)
    {
        _state.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _state.ExitReadLock();
        }
    }

    /// <summary>Applies <see cref="VectorIndexOptions.EffectiveExpansionSearch"/> for the graph's current size (no concurrent search or insert may run).</summary>
    private void TuneExpansionSearchLocked(NativeIndex native)
    {
        int wanted = _options.EffectiveExpansionSearch(native.Size);
        if (wanted != _expansionSearch)
        {
            native.SetExpansionSearch(wanted);
            _expansionSearch = wanted;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private NativeIndex CreateNative()
    {
        NativeIndex native = NativeIndex.Create(_options);
        _expansionAdd = 0; // set explicitly by the first indexing round (a loaded file may carry its own)
        try
        {
            native.Reserve(Math.Max(_options.InitialCapacity, 16), _nativeThreads);
            return native;
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    private void UpsertLocked(long key, float[] normalized)
    {
        if (_staging.Upsert(_native!, key, normalized))
        {
            _count++;
        }
    }

    private void AfterWrite()
    {
        if (_options.IndexingMode == VectorIndexingMode.Synchronous)
        {
            FlushPending();
            return;
        }

        if (_options.IndexingMode == VectorIndexingMode.Manual || _worker.IsSuspended)
        {
            return;
        }

        _worker.Signal();
    }

    /// <summary>Runs rounds until no pending vector at or below <paramref name="targetVersion"/> remains. Caller holds the mutator.</summary>
    private void DrainLocked(long targetVersion, CancellationToken cancellationToken)
    {
        while (RunRoundLocked(targetVersion))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// One indexing round; the caller holds the mutator, so no other thread changes the graph structure.
    /// Returns true when it inserted something (another round may have work).
    /// </summary>
    private bool RunRoundLocked(long targetVersion)
    {
        List<(long Key, PendingVectors.Entry Entry)> batch;
        NativeIndex native;

        // Phase 1 (exclusive): delete stale graph entries, pick a batch, grow capacity.
        _state.EnterWriteLock();
        try
        {
            if (Volatile.Read(ref _disposed) != 0 || _native is null)
            {
                return false;
            }

            native = _native;
            _staging.DeleteStaleFrom(native);
            batch = _staging.TakeBatch(targetVersion, _options.IndexingBatchSize);
            if (batch.Count == 0)
            {
                return false;
            }

            // A large backlog (bulk import, rebuild, catch-up) is inserted with the bulk efConstruction.
            int expansionAdd = _options.BulkExpansionAdd > 0 && _staging.Count >= _options.BulkBacklog ? _options.BulkExpansionAdd : _options.ExpansionAdd;
            if (expansionAdd != _expansionAdd)
            {
                native.SetExpansionAdd(expansionAdd);
                _expansionAdd = expansionAdd;
            }

            long needed = native.Size + batch.Count;
            long capacity = native.Capacity;
            if (capacity < needed)
            {
                long grown = Math.Max(needed, Math.Max(capacity * 2, _options.InitialCapacity));
                native.Reserve(grown, _nativeThreads);
                LogCapacityGrown(_logger, grown);
            }

            _staging.MarkInFlight(batch);
        }
        finally
        {
            _state.ExitWriteLock();
        }

        // Phase 2 (other writers may stage vectors meanwhile): insert into the graph from several threads, in short
        // slices that exclude native searches (see _graph), so a search waits at most one slice.
        string?[] errors = new string?[batch.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.IndexingThreads };
        int slice = Math.Max(GraphSliceMinimum, GraphSlicePerThread * _options.IndexingThreads);
        for (int start = 0; start < batch.Count; start += slice)
        {
            int end = Math.Min(batch.Count, start + slice);
            _graph.EnterWriteLock();
            try
            {
                Parallel.For(start, end, parallel, i =>
                {
                    _nativeSlots.Wait();
                    try
                    {
                        errors[i] = native.TryAdd(batch[i].Key, batch[i].Entry.Vector);
                    }
                    finally
                    {
                        _nativeSlots.Release();
                    }
                });
            }
            finally
            {
                _graph.ExitWriteLock();
            }
        }

        // Phase 3 (exclusive): commit. Entries replaced or removed meanwhile leave a stale graph copy behind.
        _state.EnterWriteLock();
        try
        {
            _staging.Commit(batch, errors, (key, error) => LogInsertFailed(_logger, key, error));
            TuneExpansionSearchLocked(native);
        }
        finally
        {
            _state.ExitWriteLock();
        }

        return true;
    }

    private void SearchGraphLocked(float[] query, int k, List<VectorSearchHit> results)
    {
        NativeIndex native = _native!;
        long size = native.Size;
        if (size == 0)
        {
            return;
        }

        // Stale copies and keys overridden by pending vectors (which the exact scan answers) are filtered out:
        // ask for a little more when any exist, and widen until k usable hits remain or the graph is exhausted.
        int hidden = _staging.StaleCount + _staging.InFlightCount;
        int extra = hidden == 0 ? 0 : Math.Min(k, hidden);
        int request = (int)Math.Min(size, (long)k + extra);
        while (true)
        {
            int start = results.Count;
            int found = SearchNative(native, query, request, results);
            int kept = results.Count - start;
            if (kept >= k || found < request || request >= size)
            {
                return;
            }

            results.RemoveRange(start, kept);
            request = (int)Math.Min(size, (long)request * 2);
        }
    }

    private int SearchNative(NativeIndex native, float[] query, int count, List<VectorSearchHit> results)
    {
        ulong[]? rentedKeys = null;
        float[]? rentedDistances = null;
        Span<ulong> keys = count <= StackallocLimit ? stackalloc ulong[count] : (rentedKeys = ArrayPool<ulong>.Shared.Rent(count)).AsSpan(0, count);
        Span<float> distances = count <= StackallocLimit ? stackalloc float[count] : (rentedDistances = ArrayPool<float>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            int found;
            _graph.EnterReadLock();
            _nativeSlots.Wait();
            try
            {
                found = native.Search(query, keys, distances);
            }
            finally
            {
                _nativeSlots.Release();
                _graph.ExitReadLock();
            }

            for (int i = 0; i < found; i++)
            {
                long key = (long)keys[i];
                if (!_staging.Hides(key))
                {
                    results.Add(new VectorSearchHit(key, Similarity(distances[i])));
                }
            }

            return found;
        }
        finally
        {
            if (rentedKeys is not null)
            {
                ArrayPool<ulong>.Shared.Return(rentedKeys);
            }

            if (rentedDistances is not null)
            {
                ArrayPool<float>.Shared.Return(rentedDistances);
            }
        }
    }

    private void EnsureLoaded()
    {
        if (Volatile.Read(ref _openResult) is not null)
        {
            return;
        }

        lock (_loadLock)
        {
            if (_openResult is not null)
            {
                return;
            }

            ThrowIfDisposed();
            (NativeIndex native, VectorIndexOpenResult result) = _file!.Load(CreateNative, _nativeThreads);
            _native = native;
            _count = native.Size;
            TuneExpansionSearchLocked(native);
            Volatile.Write(ref _openResult, result);
        }
    }

    [LoggerMessage(EventId = 2108, Level = LogLevel.Error, Message = "Could not insert vector {Key} into the index: {Error}")]
    private static partial void LogInsertFailed(ILogger logger, long key, string error);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Vector index capacity grown to {Capacity}")]
    private static partial void LogCapacityGrown(ILogger logger, long capacity);
}
