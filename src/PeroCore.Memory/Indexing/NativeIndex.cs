namespace PeroCore.Memory.Indexing;

/// <summary>
/// Owns one native USearch index handle and exposes span-based calls. Not synchronised:
/// <see cref="VectorIndex"/> decides which calls may overlap.
/// </summary>
internal sealed unsafe class NativeIndex : IDisposable
{
    private readonly int _scalarKind;
    private nint _handle;

    private NativeIndex(nint handle, int dimensions, int scalarKind)
    {
        _handle = handle;
        Dimensions = dimensions;
        _scalarKind = scalarKind;
    }

    /// <summary>Gets the vector length the index was created with.</summary>
    public int Dimensions { get; }

    /// <summary>Creates an empty cosine index.</summary>
    public static NativeIndex Create(VectorIndexOptions options)
    {
        USearchNative.InitOptions init = ToInit(options);
        nint error = 0;
        nint handle = USearchNative.Init(ref init, &error);
        USearchNative.ThrowIfError(error, "init");
        if (handle == 0)
        {
            throw new VectorIndexException("USearch init returned no index.");
        }

        return new NativeIndex(handle, options.Dimensions, init.Quantization);
    }

    /// <summary>Reads the header of an index file without loading it; returns the error text or null.</summary>
    public static string? ReadMetadata(string path, out USearchNative.InitOptions metadata)
    {
        metadata = default;
        nint error = 0;
        USearchNative.Metadata(path, ref metadata, &error);
        return USearchNative.ErrorText(error);
    }

    /// <summary>Maps options to the native init structure.</summary>
    public static USearchNative.InitOptions ToInit(VectorIndexOptions options) => new()
    {
        MetricKind = USearchNative.MetricCos,
        Quantization = options.Quantization switch
        {
            VectorQuantization.Int8 => USearchNative.ScalarI8,
            VectorQuantization.Float16 => USearchNative.ScalarF16,
            _ => USearchNative.ScalarF32,
        },
        Dimensions = (nuint)options.Dimensions,
        Connectivity = (nuint)options.Connectivity,
        ExpansionAdd = (nuint)options.ExpansionAdd,
        ExpansionSearch = (nuint)options.ExpansionSearch,
        Multi = 0,
    };

    /// <summary>Loads a file into this (empty) index; returns the error text or null.</summary>
    public string? TryLoad(string path)
    {
        nint error = 0;
        USearchNative.Load(_handle, path, &error);
        return USearchNative.ErrorText(error);
    }

    /// <summary>Writes the index to a file.</summary>
    public void Save(string path)
    {
        nint error = 0;
        USearchNative.Save(_handle, path, &error);
        USearchNative.ThrowIfError(error, $"save to '{path}'");
    }

    /// <summary>Gets the number of live vectors.</summary>
    public long Size
    {
        get
        {
            nint error = 0;
            nuint size = USearchNative.Size(_handle, &error);
            USearchNative.ThrowIfError(error, "size");
            return (long)size;
        }
    }

    /// <summary>Gets the number of vectors the index can hold without growing.</summary>
    public long Capacity
    {
        get
        {
            nint error = 0;
            nuint capacity = USearchNative.Capacity(_handle, &error);
            USearchNative.ThrowIfError(error, "capacity");
            return (long)capacity;
        }
    }

    /// <summary>Gets the vector length stored in the native index (after a load, the file's).</summary>
    public int NativeDimensions
    {
        get
        {
            nint error = 0;
            nuint dims = USearchNative.Dimensions(_handle, &error);
            USearchNative.ThrowIfError(error, "dimensions");
            return (int)dims;
        }
    }

    /// <summary>Gets the native memory use in bytes.</summary>
    public long MemoryUsage
    {
        get
        {
            nint error = 0;
            nuint bytes = USearchNative.MemoryUsage(_handle, &error);
            return error == 0 ? (long)bytes : 0;
        }
    }

    /// <summary>Gets the length the index would have as a file.</summary>
    public long SerializedLength
    {
        get
        {
            nint error = 0;
            nuint bytes = USearchNative.SerializedLength(_handle, &error);
            USearchNative.ThrowIfError(error, "serialized length");
            return (long)bytes;
        }
    }

    /// <summary>
    /// Grows capacity and sets the number of thread contexts. Must not overlap any other call.
    /// </summary>
    public void Reserve(long capacity, int threads)
    {
        nint error = 0;
        USearchNative.Reserve(_handle, (nuint)capacity, &error);
        USearchNative.ThrowIfError(error, $"reserve of {capacity} vectors");
        error = 0;
        USearchNative.ChangeThreadsAdd(_handle, (nuint)threads, &error);
        USearchNative.ThrowIfError(error, "thread setup");
        error = 0;
        USearchNative.ChangeThreadsSearch(_handle, (nuint)threads, &error);
        USearchNative.ThrowIfError(error, "thread setup");
    }

    /// <summary>Changes efSearch for later searches.</summary>
    public void SetExpansionSearch(int expansion)
    {
        nint error = 0;
        USearchNative.ChangeExpansionSearch(_handle, (nuint)expansion, &error);
        USearchNative.ThrowIfError(error, "efSearch change");
    }

    /// <summary>Changes efConstruction for later insertions (no insertion may run meanwhile).</summary>
    public void SetExpansionAdd(int expansion)
    {
        nint error = 0;
        USearchNative.ChangeExpansionAdd(_handle, (nuint)expansion, &error);
        USearchNative.ThrowIfError(error, "efConstruction change");
    }

    /// <summary>Adds a vector; returns the error text or null.</summary>
    public string? TryAdd(long key, ReadOnlySpan<float> vector)
    {
        nint error = 0;
        fixed (float* p = vector)
        {
            USearchNative.Add(_handle, (ulong)key, p, USearchNative.ScalarF32, &error);
        }

        return USearchNative.ErrorText(error);
    }

    /// <summary>Returns whether the key is present.</summary>
    public bool Contains(long key)
    {
        nint error = 0;
        bool found = USearchNative.Contains(_handle, (ulong)key, &error);
        USearchNative.ThrowIfError(error, "contains");
        return found;
    }

    /// <summary>Copies the stored vector of a key (converted to float32) into <paramref name="vector"/>; false when the key is absent.</summary>
    public bool TryGet(long key, Span<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The buffer must hold {Dimensions} values.", nameof(vector));
        }

        nint error = 0;
        nuint found;
        if (_scalarKind == USearchNative.ScalarF16)
        {
            // Copied as stored and widened here: the library's own conversion to float32 is scalar code, several times slower.
            Span<Half> stored = Dimensions <= 1024 ? stackalloc Half[Dimensions] : new Half[Dimensions];
            fixed (Half* h = stored)
            {
                found = USearchNative.Get(_handle, (ulong)key, 1, h, USearchNative.ScalarF16, &error);
            }

            USearchNative.ThrowIfError(error, "get");
            if (found > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(stored, vector);
            }

            return found > 0;
        }

        fixed (float* v = vector)
        {
            found = USearchNative.Get(_handle, (ulong)key, 1, v, USearchNative.ScalarF32, &error);
        }

        USearchNative.ThrowIfError(error, "get");
        return found > 0;
    }

    /// <summary>Removes a key; returns whether it was present.</summary>
    public bool Remove(long key)
    {
        nint error = 0;
        nuint removed = USearchNative.Remove(_handle, (ulong)key, &error);
        USearchNative.ThrowIfError(error, "remove");
        return removed > 0;
    }

    /// <summary>Approximate nearest neighbours; fills keys and cosine distances, returns the number found.</summary>
    public int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        nint error = 0;
        nuint found;
        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
        {
            found = USearchNative.Search(_handle, q, USearchNative.ScalarF32, (nuint)keys.Length, k, d, &error);
        }

        USearchNative.ThrowIfError(error, "search");
        return (int)found;
    }

    /// <summary>Gets the scalar kind the vectors are stored as.</summary>
    public int ScalarKind => _scalarKind;

    /// <inheritdoc />
    public void Dispose()
    {
        nint handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            nint error = 0;
            USearchNative.Free(handle, &error);
        }

        GC.SuppressFinalize(this);
    }

    ~NativeIndex()
    {
        Dispose();
    }
}
