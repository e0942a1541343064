namespace PeroCore.Memory.Embeddings;

/// <summary>
/// Identifies the model that produced a set of vectors. The store persists it next to the data and
/// re-embeds everything when it changes, so vectors from two models never share one index.
/// </summary>
/// <param name="Name">Model name, for example <c>snowflake-arctic-embed-xs</c>.</param>
/// <param name="Dimensions">Vector length produced by the model; 0 when not yet known.</param>
public sealed record EmbeddingModelIdentity(string Name, int Dimensions)
{
    /// <summary>Gets a value indicating whether the dimension is known (greater than zero).</summary>
    public bool HasDimensions => Dimensions > 0;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Dimensions}-d)";
}
