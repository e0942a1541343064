using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// Reachability audit. HNSW occasionally leaves a node that no search reaches, not even with its own vector
/// (about 0.1% of nodes at M = 16 on clustered data). Every vector that enters the graph is therefore checked
/// once by searching for it; the few the graph cannot reach become "orphans", kept in memory and scanned
/// exactly by every vector search (<see cref="Search"/>), so no memory is ever unfindable by meaning.
/// Until its check has run, a vector written by this process is scanned exactly too (up to
/// <see cref="MaxFresh"/> of them), so a memory searched for right after it was written is found even when the
/// graph cannot reach it.
/// </summary>
internal sealed partial class ReachabilityAudit(VectorIndex index, IndexSyncStore rows, KeyValueRepository engineState, string modelKey, int dimensions, ILogger logger)
{
    private const string OrphansStateKey = "index_orphans";
    private const float SameVector = 0.99999f;

    /// <summary>The most vectors awaiting their check that every search scans exactly (a bulk import queues more; the rest wait unprotected).</summary>
    internal const int MaxFresh = 1024;

    private readonly ConcurrentDictionary<long, float[]> _orphans = new();
    private readonly ConcurrentDictionary<long, float[]> _fresh = new();
    private readonly ConcurrentQueue<long> _unaudited = new();

    /// <summary>Vectors the HNSW graph cannot reach, searched exactly instead.</summary>
    public int OrphanCount => _orphans.Count;

    /// <summary>Vectors not yet checked for reachability.</summary>
    public int UnauditedCount => _unaudited.Count;

    /// <summary>Whether vectors wait for their check.</summary>
    public bool HasUnaudited => !_unaudited.IsEmpty;

    /// <summary>Vectors awaiting their check that searches scan exactly.</summary>
    public int FreshCount => _fresh.Count;

    /// <summary>Vector search over the index plus the orphans, best first (ties by id). This is what recall uses.</summary>
    public IReadOnlyList<VectorSearchHit> Search(ReadOnlySpan<float> query, int k)
    {
        VectorValidation.EnsureValid(query, dimensions, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return WithOrphans(query, index.Search(query, k), k);
    }

    /// <summary>
    /// <see cref="Search"/> for the vector of memory <paramref name="id"/>, which doubles as its reachability check: the
    /// background linker searches for every memory an import deferred to it anyway, so those memories are not queued
    /// for a separate audit search (their queue row in SQLite keeps them from being forgotten across a crash). When
    /// the graph copy is not the current vector (written again since), the memory is queued for the regular audit.
    /// </summary>
    public IReadOnlyList<VectorSearchHit> SearchAndAudit(long id, float[] vector, int k, out bool orphaned)
    {
        orphaned = false;
        VectorValidation.EnsureValid(vector, dimensions, nameof(vector));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var hits = index.Search(vector, k);
        // A pending copy (written again since) answers from the exact scan, so it proves nothing about the graph.
        if (index.IsInGraph(id))
        {
            var reachable = hits.Count > 0 && (hits.Any(h => h.Key == id) || hits[0].Similarity >= SameVector);
            _fresh.TryRemove(id, out _);
            if (reachable)
            {
                Forget(id);
            }
            else
            {
                _orphans[id] = vector;
                orphaned = true;
            }
        }
        else
        {
            Queue([id]);
        }

        return WithOrphans(vector, hits, k);
    }

    /// <summary>Logs what the linker's searches found (<see cref="SearchAndAudit"/>), when they found orphans.</summary>
    public void ReportLinkerAudit(int found, int @checked)
    {
        if (found > 0)
        {
            LogOrphans(logger, found, @checked, _orphans.Count);
        }
    }

    private IReadOnlyList<VectorSearchHit> WithOrphans(ReadOnlySpan<float> query, IReadOnlyList<VectorSearchHit> hits, int k)
    {
        if (_orphans.IsEmpty && _fresh.IsEmpty)
        {
            return [.. hits.OrderByDescending(h => h.Similarity).ThenBy(h => h.Key)];
        }

        var merged = new Dictionary<long, float>(hits.Count + _orphans.Count + _fresh.Count);
        foreach (var h in hits)
        {
            merged[h.Key] = h.Similarity;
        }

        foreach (var (id, vector) in _orphans.Concat(_fresh))
        {
            merged[id] = VectorMath.Cosine(query, vector);
        }

        return [.. merged.Select(p => new VectorSearchHit(p.Key, p.Value)).OrderByDescending(h => h.Similarity).ThenBy(h => h.Key).Take(k)];
    }

    /// <summary>Queues vectors that entered the index for their check.</summary>
    public void Queue(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            _unaudited.Enqueue(id);
        }
    }

    /// <summary>
    /// Queues vectors that entered the index for their check, keeping (up to <see cref="MaxFresh"/>) their vectors so
    /// searches scan them exactly until the check has run.
    /// </summary>
    public void Queue(IEnumerable<(long Id, float[] Vector)> written)
    {
        foreach (var (id, vector) in written)
        {
            if (_fresh.Count < MaxFresh || _fresh.ContainsKey(id))
            {
                _fresh[id] = vector;
            }

            _unaudited.Enqueue(id);
        }
    }

    /// <summary>Forgets every vector (the index was emptied and is being rebuilt).</summary>
    public void Clear()
    {
        _orphans.Clear();
        _fresh.Clear();
        _unaudited.Clear();
    }

    /// <summary>Forgets a vector that was deleted or replaced (a later write queues it again).</summary>
    public void Forget(long id)
    {
        _orphans.TryRemove(id, out _);
        _fresh.TryRemove(id, out _);
    }

    /// <summary>
    /// Waits until every vector written so far has been audited. Vectors not yet audited when the index is saved
    /// are remembered with it and audited after the next start.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (!_unaudited.IsEmpty)
        {
            await AuditAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Audits up to <paramref name="max"/> queued vectors that have reached the HNSW graph.</summary>
    public async Task AuditAsync(int max, CancellationToken cancellationToken)
    {
        await index.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<long>();
        while (batch.Count < Math.Min(max, 2000) && _unaudited.TryDequeue(out var id))
        {
            batch.Add(id);
        }

        if (batch.Count == 0)
        {
            return;
        }

        var vectors = await rows.VectorsAsync(batch, modelKey, cancellationToken).ConfigureAwait(false);
        // One search per vector, in parallel (searches only take the index's read lock).
        var reachable = new bool?[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var id = batch[i];
            if (vectors.TryGetValue(id, out var vector) && index.Contains(id))
            {
                var hits = index.Search(vector, 1);
                reachable[i] = hits.Count == 1 && (hits[0].Key == id || hits[0].Similarity >= SameVector);
            }
        });

        var found = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var id = batch[i];
            if (reachable[i] is not { } isReachable)
            {
                Forget(id); // deleted or re-embedded meanwhile; a later write re-queues it
            }
            else if (isReachable)
            {
                Forget(id);
            }
            else
            {
                _orphans[id] = vectors[id];
                _fresh.TryRemove(id, out _);
                found++;
            }
        }

        if (found > 0)
        {
            LogOrphans(logger, found, batch.Count, _orphans.Count);
        }
    }

    /// <summary>Restores the orphans and the unaudited queue saved with an index at <paramref name="checkpoint"/> (or later).</summary>
    public async Task LoadAsync(long checkpoint, CancellationToken cancellationToken)
    {
        var saved = await engineState.GetAsync(OrphansStateKey, cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            return;
        }

        var state = JsonSerializer.Deserialize<OrphanState>(saved);
        if (state is null || state.Checkpoint > checkpoint || state.Model != modelKey)
        {
            return;
        }

        var vectors = await rows.VectorsAsync(state.Ids, modelKey, cancellationToken).ConfigureAwait(false);
        foreach (var (id, vector) in vectors)
        {
            _orphans[id] = vector;
        }

        Queue(state.Unaudited);
    }

    /// <summary>Saves the orphans and the unaudited queue with the index saved at <paramref name="checkpoint"/>.</summary>
    public Task SaveAsync(long checkpoint, CancellationToken cancellationToken) =>
        engineState.SetAsync(OrphansStateKey, JsonSerializer.Serialize(new OrphanState(modelKey, checkpoint, [.. _orphans.Keys.Order()], [.. _unaudited.Distinct()])), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vector index audit: {Found} of {Checked} vectors unreachable in the HNSW graph; {Total} are now searched exactly")]
    private static partial void LogOrphans(ILogger logger, int found, int @checked, int total);

    private sealed record OrphanState(string Model, long Checkpoint, List<long> Ids, List<long> Unaudited);
}
