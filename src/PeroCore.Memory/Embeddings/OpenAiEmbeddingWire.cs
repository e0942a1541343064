using System.Text.Json.Serialization;

namespace PeroCore.Memory.Embeddings;

/// <summary>Request body of <c>POST /v1/embeddings</c>.</summary>
internal sealed class OpenAiEmbeddingRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("input")]
    public required IReadOnlyList<string> Input { get; init; }

    [JsonPropertyName("encoding_format")]
    public string EncodingFormat { get; init; } = "float";

    [JsonPropertyName("dimensions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Dimensions { get; init; }
}

/// <summary>Response body of <c>POST /v1/embeddings</c>.</summary>
internal sealed class OpenAiEmbeddingResponse
{
    [JsonPropertyName("data")]
    public List<OpenAiEmbeddingItem>? Data { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("usage")]
    public OpenAiEmbeddingUsage? Usage { get; init; }
}

/// <summary>One vector of an embeddings response.</summary>
internal sealed class OpenAiEmbeddingItem
{
    [JsonPropertyName("index")]
    public int Index { get; init; }

    [JsonPropertyName("embedding")]
    public float[]? Embedding { get; init; }
}

/// <summary>Token usage of an embeddings response.</summary>
internal sealed class OpenAiEmbeddingUsage
{
    [JsonPropertyName("prompt_tokens")]
    public long? PromptTokens { get; init; }

    [JsonPropertyName("total_tokens")]
    public long? TotalTokens { get; init; }
}

/// <summary>Source-generated serializer metadata for the embeddings wire types.</summary>
[JsonSerializable(typeof(OpenAiEmbeddingRequest))]
[JsonSerializable(typeof(OpenAiEmbeddingResponse))]
internal sealed partial class OpenAiEmbeddingJsonContext : JsonSerializerContext
{
}
