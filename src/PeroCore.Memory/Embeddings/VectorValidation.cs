namespace PeroCore.Memory.Embeddings;

/// <summary>
/// Input checks shared by the embedders, the vector index and the store. Each check throws an
/// <see cref="ArgumentException"/> that names the parameter and the problem.
/// </summary>
internal static class VectorValidation
{
    /// <summary>Returns true when every component is a finite number (no NaN, no infinity).</summary>
    /// <param name="vector">The vector.</param>
    /// <returns>True when all components are finite.</returns>
    public static bool IsFinite(ReadOnlySpan<float> vector)
    {
        foreach (float value in vector)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks that a vector has the expected length, contains only finite numbers and, when
    /// <paramref name="requireNonZero"/> is set, is not all zeros (a zero vector has no direction, so its
    /// cosine similarity is undefined).
    /// </summary>
    /// <param name="vector">The vector.</param>
    /// <param name="expectedDimensions">The required length.</param>
    /// <param name="paramName">Parameter name reported in the exception.</param>
    /// <param name="requireNonZero">Whether an all-zero vector is rejected.</param>
    /// <exception cref="ArgumentException">The vector is invalid.</exception>
    public static void EnsureValid(
        ReadOnlySpan<float> vector,
        int expectedDimensions,
        string paramName,
        bool requireNonZero = false)
    {
        if (vector.Length != expectedDimensions)
        {
            throw new ArgumentException(
                $"Vector has {vector.Length} dimensions; expected {expectedDimensions}.", paramName);
        }

        bool anyNonZero = false;
        for (int i = 0; i < vector.Length; i++)
        {
            float value = vector[i];
            if (!float.IsFinite(value))
            {
                throw new ArgumentException(
                    $"Vector component {i} is {value}; only finite numbers are allowed.", paramName);
            }

            anyNonZero |= value != 0f;
        }

        if (requireNonZero && !anyNonZero)
        {
            throw new ArgumentException("Vector is all zeros; it has no direction for cosine similarity.", paramName);
        }
    }

    /// <summary>Checks that a dimension is positive.</summary>
    /// <param name="dimensions">The dimension.</param>
    /// <param name="paramName">Parameter name reported in the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is zero or negative.</exception>
    public static void EnsureDimensions(int dimensions, string paramName)
    {
        if (dimensions <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, dimensions, "Dimensions must be positive.");
        }
    }
}
