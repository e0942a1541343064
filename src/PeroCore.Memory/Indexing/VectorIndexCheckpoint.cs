using System.Text.Json.Serialization;

namespace PeroCore.Memory.Indexing;

/// <summary>The checkpoint sidecar (<c>&lt;index&gt;.checkpoint</c>), written atomically after the index file.</summary>
internal sealed class VectorIndexCheckpoint
{
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")]
    public int Format { get; init; } = CurrentFormat;

    [JsonPropertyName("checkpoint")]
    public long Checkpoint { get; init; }

    [JsonPropertyName("dimensions")]
    public int Dimensions { get; init; }

    [JsonPropertyName("quantization")]
    public string Quantization { get; init; } = string.Empty;

    [JsonPropertyName("count")]
    public long Count { get; init; }

    [JsonPropertyName("indexBytes")]
    public long IndexBytes { get; init; }

    [JsonPropertyName("savedAtUtc")]
    public DateTimeOffset SavedAtUtc { get; init; }
}

/// <summary>Source-generated serializer metadata for the checkpoint sidecar.</summary>
[JsonSerializable(typeof(VectorIndexCheckpoint))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class VectorIndexJsonContext : JsonSerializerContext
{
}
