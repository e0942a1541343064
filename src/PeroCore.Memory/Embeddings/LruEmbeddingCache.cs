using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// A delegating embedder with a bounded, thread-safe LRU cache keyed by (purpose, model id option,
/// dimensions option, text). Only cache misses reach the inner generator, in one call, de-duplicated;
/// results come back in input order.
/// </summary>
/// <remarks>
/// Not to be confused with M.E.AI's <c>CachingEmbeddingGenerator</c> (an <c>IDistributedCache</c> decorator): this one is
/// an in-process LRU that also keys on the embedding purpose.
/// </remarks>
public sealed class LruEmbeddingCache : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The default number of cached vectors.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<CacheKey, LinkedListNode<CacheEntry>> _map;
    private readonly LinkedList<CacheEntry> _lru = new();
    private long _hits;
    private long _misses;

    /// <summary>Initializes a new instance of the <see cref="LruEmbeddingCache"/> class.</summary>
    /// <param name="innerGenerator">The generator that computes misses.</param>
    /// <param name="capacity">Maximum number of cached vectors (default 4096).</param>
    public LruEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int capacity = DefaultCapacity)
        : base(innerGenerator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _map = new Dictionary<CacheKey, LinkedListNode<CacheEntry>>(Math.Min(capacity, 1024));
    }

    /// <summary>Gets the maximum number of cached vectors.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of vectors currently cached.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Gets the number of inputs answered from the cache so far.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Gets the number of inputs sent to the inner generator so far.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Removes every cached vector (for example after a model change).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _lru.Clear();
        }
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] inputs = [.. values];
        EmbeddingPurpose purpose = options.GetPurpose();
        var results = new Embedding<float>?[inputs.Length];
        var missIndex = new Dictionary<CacheKey, List<int>>();
        var missKeys = new List<CacheKey>();

        lock (_gate)
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(inputs[i], nameof(values));
                var key = new CacheKey(purpose, options?.ModelId, options?.Dimensions, inputs[i]);
                if (_map.TryGetValue(key, out LinkedListNode<CacheEntry>? node))
                {
                    _lru.Remove(node);
                    _lru.AddFirst(node);
                    results[i] = node.Value.Embedding;
                }
                else if (missIndex.TryGetValue(key, out List<int>? positions))
                {
                    positions.Add(i);
                }
                else
                {
                    missIndex[key] = [i];
                    missKeys.Add(key);
                }
            }
        }

        Interlocked.Add(ref _hits, inputs.Length - missIndex.Values.Sum(p => p.Count));
        if (missKeys.Count > 0)
        {
            Interlocked.Add(ref _misses, missKeys.Count);
            GeneratedEmbeddings<Embedding<float>> computed = await base
                .GenerateAsync(missKeys.Select(k => k.Text), options, cancellationToken)
                .ConfigureAwait(false);
            if (computed.Count != missKeys.Count)
            {
                throw new InvalidOperationException(
                    $"The inner embedding generator returned {computed.Count} vectors for {missKeys.Count} inputs.");
            }

            lock (_gate)
            {
                for (int m = 0; m < missKeys.Count; m++)
                {
                    CacheKey key = missKeys[m];
                    Embedding<float> embedding = computed[m];
                    foreach (int position in missIndex[key])
                    {
                        results[position] = embedding;
                    }

                    AddLocked(key, embedding);
                }
            }
        }

        var output = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        foreach (Embedding<float>? embedding in results)
        {
            output.Add(embedding!);
        }

        return output;
    }

    private void AddLocked(CacheKey key, Embedding<float> embedding)
    {
        if (_map.TryGetValue(key, out LinkedListNode<CacheEntry>? existing))
        {
            _lru.Remove(existing);
            _map.Remove(key);
        }

        var node = new LinkedListNode<CacheEntry>(new CacheEntry(key, embedding));
        _lru.AddFirst(node);
        _map[key] = node;
        while (_map.Count > Capacity)
        {
            LinkedListNode<CacheEntry> last = _lru.Last!;
            _lru.RemoveLast();
            _map.Remove(last.Value.Key);
        }
    }

    private readonly record struct CacheKey(EmbeddingPurpose Purpose, string? ModelId, int? Dimensions, string Text);

    private sealed record CacheEntry(CacheKey Key, Embedding<float> Embedding);
}
