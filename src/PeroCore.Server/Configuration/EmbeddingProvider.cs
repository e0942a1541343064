namespace PeroCore.Server.Configuration;

/// <summary>Which embedding model PeroCore uses.</summary>
internal enum EmbeddingProvider
{
    /// <summary>snowflake-arctic-embed-xs, embedded in the executable (the default; no network).</summary>
    ArcticXs,

    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, Ollama, vLLM...).</summary>
    OpenAI,

    /// <summary>Model-free feature hashing: lexical similarity only, instant, for tests and tiny machines.</summary>
    Hashing,
}
