namespace PeroCore.Memory.Indexing;

/// <summary>The native vector index reported an error (out of memory, I/O failure, invalid file).</summary>
public sealed class VectorIndexException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VectorIndexException"/> class.</summary>
    public VectorIndexException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VectorIndexException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VectorIndexException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VectorIndexException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VectorIndexException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
