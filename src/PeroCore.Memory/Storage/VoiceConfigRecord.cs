namespace PeroCore.Memory.Storage;

/// <summary>A speech-to-text or text-to-speech provider configuration.</summary>
public sealed record VoiceConfigRecord
{
    /// <summary>Row id (0 before it is saved).</summary>
    public long Id { get; init; }

    /// <summary><c>stt</c> or <c>tts</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Unique display name.</summary>
    public required string Name { get; init; }

    /// <summary>Provider kind.</summary>
    public required string Provider { get; init; }

    /// <summary>API key, if any.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Endpoint, if any.</summary>
    public string? ApiBase { get; init; }

    /// <summary>Model name, if any.</summary>
    public string? Model { get; init; }

    /// <summary>Provider settings as a JSON object.</summary>
    public string ConfigJson { get; init; } = "{}";

    /// <summary>Whether this is the active configuration of its type (at most one is).</summary>
    public bool IsActive { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
