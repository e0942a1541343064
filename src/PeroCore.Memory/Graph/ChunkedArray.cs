namespace PeroCore.Memory.Graph;

/// <summary>
/// An immutable array split into fixed-size chunks. An update copies only the top-level chunk table and the
/// chunks it touches, so a snapshot with a few changed entries costs O(N / 1024 + 1024 × touched chunks) to
/// produce instead of O(N). Chunks that were never written stay <see langword="null"/> and read as
/// <c>default(T)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ChunkedArray<T>
{
    internal const int Shift = 10;
    internal const int ChunkSize = 1 << Shift;
    internal const int Mask = ChunkSize - 1;

    private readonly T[]?[] _chunks;

    private ChunkedArray(T[]?[] chunks, int length)
    {
        _chunks = chunks;
        Length = length;
    }

    /// <summary>Gets the number of addressable elements.</summary>
    public int Length { get; }

    /// <summary>Creates an array of <paramref name="length"/> default elements without allocating chunks.</summary>
    public static ChunkedArray<T> CreateEmpty(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new ChunkedArray<T>(new T[]?[ChunkCount(length)], length);
    }

    /// <summary>Creates an array holding a copy of <paramref name="values"/>.</summary>
    public static ChunkedArray<T> FromSpan(ReadOnlySpan<T> values)
    {
        var chunks = new T[]?[ChunkCount(values.Length)];
        for (var c = 0; c < chunks.Length; c++)
        {
            var start = c << Shift;
            var chunk = new T[ChunkSize];
            values.Slice(start, Math.Min(ChunkSize, values.Length - start)).CopyTo(chunk);
            chunks[c] = chunk;
        }

        return new ChunkedArray<T>(chunks, values.Length);
    }

    /// <summary>Gets the element at <paramref name="index"/> (no chunk allocated reads as default).</summary>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                ThrowIndex(index);
            }

            var chunk = _chunks[index >> Shift];
            return chunk is null ? default! : chunk[index & Mask];
        }
    }

    /// <summary>
    /// Returns a new array of <paramref name="newLength"/> elements (at least the current length) with the
    /// given entries replaced. This instance is not modified.
    /// </summary>
    public ChunkedArray<T> With(IReadOnlyCollection<KeyValuePair<int, T>> updates, int newLength)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentOutOfRangeException.ThrowIfLessThan(newLength, Length);

        var chunks = new T[]?[ChunkCount(newLength)];
        Array.Copy(_chunks, chunks, _chunks.Length);
        if (updates.Count == 0)
        {
            return new ChunkedArray<T>(chunks, newLength);
        }

        var copied = new bool[chunks.Length];
        foreach (var (index, value) in updates)
        {
            if ((uint)index >= (uint)newLength)
            {
                ThrowIndex(index);
            }

            var c = index >> Shift;
            if (!copied[c])
            {
                var fresh = new T[ChunkSize];
                chunks[c]?.CopyTo(fresh, 0);
                chunks[c] = fresh;
                copied[c] = true;
            }

            chunks[c]![index & Mask] = value;
        }

        return new ChunkedArray<T>(chunks, newLength);
    }

    private static int ChunkCount(int length) => (int)(((long)length + ChunkSize - 1) >> Shift);

    private static void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "Index outside the chunked array.");
}
