namespace PeroCore.Memory.Embeddings;

/// <summary>
/// What a piece of text is embedded for. Asymmetric retrieval models (such as snowflake-arctic-embed)
/// embed search queries differently from the passages they search; symmetric models ignore it.
/// </summary>
public enum EmbeddingPurpose
{
    /// <summary>A stored passage (a memory, a tag, a log line). This is the default.</summary>
    Document = 0,

    /// <summary>A search query that is compared against stored documents.</summary>
    Query = 1,
}
