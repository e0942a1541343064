namespace PeroCore.Memory.Recall;

/// <summary>A tag close to a query.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Similarity">Cosine of the tag to the query.</param>
public sealed record TagHit(string Tag, float Similarity);
