using System.Numerics.Tensors;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// Vector arithmetic over spans, backed by <see cref="TensorPrimitives"/>. (The stored BLOB format is
/// <see cref="Storage.VectorBlob"/>.)
/// </summary>
internal static class VectorMath
{
    /// <summary>Dot product of two vectors of equal length.</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    /// <returns>The dot product.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        EnsureSameLength(x, y);
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>
    /// Cosine similarity of two vectors of equal length, in [-1, 1]. Returns 0 when either vector is all zeros.
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    /// <returns>The cosine similarity.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        EnsureSameLength(x, y);
        if (x.IsEmpty)
        {
            return 0f;
        }

        float normX = TensorPrimitives.Norm(x);
        float normY = TensorPrimitives.Norm(y);
        if (normX == 0f || normY == 0f)
        {
            return 0f;
        }

        return Math.Clamp(TensorPrimitives.Dot(x, y) / (normX * normY), -1f, 1f);
    }

    /// <summary>Euclidean (L2) norm of a vector.</summary>
    /// <param name="x">The vector.</param>
    /// <returns>The norm.</returns>
    public static float Norm(ReadOnlySpan<float> x) => TensorPrimitives.Norm(x);

    /// <summary>
    /// Scales a vector in place to unit length. An all-zero vector is left unchanged.
    /// </summary>
    /// <param name="vector">The vector to normalise.</param>
    /// <returns>The norm before normalisation.</returns>
    public static float NormalizeInPlace(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0f && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return norm;
    }

    /// <summary>Returns a unit-length copy of a vector (an all-zero vector is copied unchanged).</summary>
    /// <param name="vector">The vector.</param>
    /// <returns>A new normalised array.</returns>
    public static float[] Normalize(ReadOnlySpan<float> vector)
    {
        float[] copy = vector.ToArray();
        NormalizeInPlace(copy);
        return copy;
    }

    private static void EnsureSameLength(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Vectors have different lengths ({x.Length} and {y.Length}).", nameof(y));
        }
    }
}
