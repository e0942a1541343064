namespace PeroCore.Memory.Storage;

/// <summary>A model card: which LLM to call and how.</summary>
public sealed record ModelConfigRecord
{
    /// <summary>Row id (0 before it is saved).</summary>
    public long Id { get; init; }

    /// <summary>Unique display name.</summary>
    public required string Name { get; init; }

    /// <summary>The provider's model id, e.g. <c>gpt-4o-mini</c>.</summary>
    public required string ModelId { get; init; }

    /// <summary>Provider kind (openai-compatible by default).</summary>
    public string Provider { get; init; } = "openai";

    /// <summary><c>global</c> uses the global endpoint and key; <c>custom</c> uses this card's.</summary>
    public string ProviderType { get; init; } = "global";

    /// <summary>API key for a custom card.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Endpoint for a custom card.</summary>
    public string? ApiBase { get; init; }

    /// <summary>Sampling temperature 0..2.</summary>
    public double Temperature { get; init; } = 0.7;

    /// <summary>Nucleus sampling 0..1, or null.</summary>
    public double? TopP { get; init; }

    /// <summary>Reply token cap, or null.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Whether replies are streamed.</summary>
    public bool Stream { get; init; } = true;

    /// <summary>Deprecated multimodal flag, kept for client compatibility.</summary>
    public bool IsMultimodal { get; init; }

    /// <summary>The model accepts images.</summary>
    public bool EnableVision { get; init; }

    /// <summary>The model accepts audio.</summary>
    public bool EnableVoice { get; init; }

    /// <summary>The model accepts video.</summary>
    public bool EnableVideo { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
