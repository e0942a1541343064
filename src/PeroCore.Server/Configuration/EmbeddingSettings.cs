using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Embedding</c>: the model that turns memories and queries into vectors.</summary>
public sealed record EmbeddingSettings
{
    /// <summary>Which model.</summary>
    public EmbeddingProvider Provider { get; init; } = EmbeddingProvider.ArcticXs;

    /// <summary>Endpoint of an OpenAI-compatible provider.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>API key of an OpenAI-compatible provider (optional for local servers).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Model name of an OpenAI-compatible provider.</summary>
    public string? Model { get; init; }

    /// <summary>Vector length, when the provider should be asked for a specific one.</summary>
    public int? Dimensions { get; init; }

    /// <summary>ONNX Runtime threads for the embedded model.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Entries of the in-memory embedding cache.</summary>
    public int CacheSize { get; init; } = 4096;

    /// <summary>Reads and validates the section.</summary>
    public static EmbeddingSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var settings = new EmbeddingSettings
        {
            Provider = reader.Enum("Embedding:Provider", EmbeddingProvider.ArcticXs),
            BaseUrl = reader.OptionalUrl("Embedding:BaseUrl"),
            ApiKey = reader.OptionalString("Embedding:ApiKey"),
            Model = reader.OptionalString("Embedding:Model"),
            Dimensions = reader.OptionalString("Embedding:Dimensions") is null ? null : reader.Int("Embedding:Dimensions", 0, 1, 65536),
            Threads = reader.Int("Embedding:Threads", 1, 1, 64),
            CacheSize = reader.Int("Embedding:CacheSize", 4096, 0, 10_000_000),
        };
        if (settings.Provider == EmbeddingProvider.OpenAI && (settings.BaseUrl is null || settings.Model is null))
        {
            reader.Error("Embedding:BaseUrl and Embedding:Model", null, "set when Embedding:Provider is OpenAI");
        }

        return settings;
    }

    /// <summary>Creates the generator (wrapped in an LRU cache when <see cref="CacheSize"/> is positive).</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(HttpClient? httpClient = null)
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = Provider switch
        {
            EmbeddingProvider.Hashing => new HashingEmbeddingGenerator(Dimensions ?? HashingEmbeddingGenerator.DefaultDimensions),
            EmbeddingProvider.OpenAI => new OpenAiCompatibleEmbeddingGenerator(httpClient ?? new HttpClient(), new OpenAiCompatibleEmbeddingOptions
            {
                BaseUrl = BaseUrl,
                ApiKey = ApiKey,
                Model = Model ?? string.Empty,
                Dimensions = Dimensions,
            }),
            _ => new ArcticXsEmbeddingGenerator(new ArcticXsEmbeddingOptions { IntraOpThreads = Threads }),
        };
        return CacheSize > 0 ? new LruEmbeddingCache(generator, CacheSize) : generator;
    }
}
