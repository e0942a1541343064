using System.Numerics.Tensors;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// The staging area of a <see cref="VectorIndex"/>: vectors written but not yet in the HNSW graph (searched exactly),
/// graph entries that a later write or a removal made stale (filtered out of graph results, deleted at the next
/// round), keys being inserted right now, and keys whose insertion failed. Not synchronised: the index calls it
/// under its reader-writer lock (reads under the read lock, changes under the write lock).
/// </summary>
internal sealed class PendingVectors
{
    private readonly Dictionary<long, Entry> _pending = [];
    private readonly HashSet<long> _stale = [];
    private readonly HashSet<long> _inFlight = [];
    private readonly HashSet<long> _failed = [];
    private long _version;

    /// <summary>Vectors waiting for the graph.</summary>
    public int Count => _pending.Count;

    /// <summary>Graph entries to delete.</summary>
    public int StaleCount => _stale.Count;

    /// <summary>Keys being inserted into the graph.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Keys whose insertion failed (they stay pending and searchable).</summary>
    public int FailedCount => _failed.Count;

    /// <summary>The version of the latest write (readable without the lock).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Whether the key has a pending vector.</summary>
    public bool Contains(long key) => _pending.ContainsKey(key);

    /// <summary>The key's pending vector (normalised; shared, not to be modified), if it has one.</summary>
    public bool TryGet(long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out float[]? vector)
    {
        vector = _pending.TryGetValue(key, out Entry? entry) ? entry.Vector : null;
        return vector is not null;
    }

    /// <summary>Whether a graph hit for the key must be ignored: the pending vector answers for it, or the graph copy is stale.</summary>
    public bool Hides(long key) => _pending.ContainsKey(key) || _stale.Contains(key);

    /// <summary>Whether the graph holds the key's current vector.</summary>
    public bool IsLiveIn(NativeIndex native, long key) => !_stale.Contains(key) && native.Contains(key);

    /// <summary>Stages a vector (normalised) for the key; returns true when the key is new to the index.</summary>
    public bool Upsert(NativeIndex native, long key, float[] normalized)
    {
        bool existed = _pending.ContainsKey(key);
        if (_inFlight.Contains(key))
        {
            // The graph is about to receive (or has received) an older copy: drop it after insertion.
            _stale.Add(key);
        }
        else if (!_stale.Contains(key) && native.Contains(key))
        {
            _stale.Add(key);
            existed = true;
        }

        _failed.Remove(key);
        _pending[key] = new Entry(normalized, ++_version);
        return !existed;
    }

    /// <summary>Removes the key; returns true when it was in the index (pending or in the graph).</summary>
    public bool Remove(NativeIndex native, long key)
    {
        bool wasPending = _pending.Remove(key);
        bool wasIndexed = IsLiveIn(native, key);
        if (wasIndexed || _inFlight.Contains(key))
        {
            _stale.Add(key);
        }

        _failed.Remove(key);
        return wasPending || wasIndexed;
    }

    /// <summary>Forgets everything staged (the graph is being replaced by an empty one).</summary>
    public void Clear()
    {
        _pending.Clear();
        _stale.Clear();
        _failed.Clear();
    }

    /// <summary>Deletes the stale entries from the graph (no search or insert may run).</summary>
    public void DeleteStaleFrom(NativeIndex native)
    {
        foreach (long key in _stale)
        {
            native.Remove(key);
        }

        _stale.Clear();
    }

    /// <summary>Up to <paramref name="size"/> pending vectors written at or before <paramref name="targetVersion"/> that have not failed.</summary>
    public List<(long Key, Entry Entry)> TakeBatch(long targetVersion, int size)
    {
        List<(long Key, Entry Entry)> batch = [];
        foreach ((long key, Entry entry) in _pending)
        {
            if (entry.Version <= targetVersion && !_failed.Contains(key))
            {
                batch.Add((key, entry));
                if (batch.Count == size)
                {
                    break;
                }
            }
        }

        return batch;
    }

    /// <summary>Marks a batch as being inserted (a write to one of its keys meanwhile makes the inserted copy stale).</summary>
    public void MarkInFlight(List<(long Key, Entry Entry)> batch)
    {
        foreach ((long key, _) in batch)
        {
            _inFlight.Add(key);
        }
    }

    /// <summary>
    /// Settles an inserted batch: a key whose staged vector is still the inserted one leaves the pending buffer; one
    /// replaced or removed meanwhile leaves a stale graph copy behind; a failed one stays pending and is reported.
    /// </summary>
    public void Commit(List<(long Key, Entry Entry)> batch, string?[] errors, Action<long, string> failed)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            (long key, Entry entry) = batch[i];
            _inFlight.Remove(key);
            if (errors[i] is { } error)
            {
                _failed.Add(key);
                failed(key, error);
                continue;
            }

            if (_pending.TryGetValue(key, out Entry? current) && ReferenceEquals(current, entry))
            {
                _pending.Remove(key);
            }
            else
            {
                _stale.Add(key);
            }
        }
    }

    /// <summary>Exact search over the pending vectors: the <paramref name="k"/> best by dot product (vectors are normalised).</summary>
    public void Search(float[] query, int k, List<VectorSearchHit> results)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        // Keep the k best in a min-heap keyed by similarity.
        var heap = new PriorityQueue<long, float>(Math.Min(k, _pending.Count) + 1);
        foreach ((long key, Entry entry) in _pending)
        {
            float similarity = TensorPrimitives.Dot(query, entry.Vector);
            if (heap.Count < k)
            {
                heap.Enqueue(key, similarity);
            }
            else if (heap.TryPeek(out _, out float worst) && similarity > worst)
            {
                heap.EnqueueDequeue(key, similarity);
            }
        }

        while (heap.TryDequeue(out long key, out float similarity))
        {
            results.Add(new VectorSearchHit(key, similarity));
        }
    }

    /// <summary>A staged vector and the version of the write that staged it.</summary>
    public sealed record Entry(float[] Vector, long Version);
}
