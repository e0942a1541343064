namespace PeroCore.Memory.Storage;

/// <summary>One line of the raw dialogue.</summary>
public sealed record ConversationLogEntry
{
    /// <summary>Row id.</summary>
    public long Id { get; init; }

    /// <summary>Conversation session.</summary>
    public required string SessionId { get; init; }

    /// <summary>Client kind: desktop, mobile, ide...</summary>
    public required string Source { get; init; }

    /// <summary>user, assistant, system or tool.</summary>
    public required string Role { get; init; }

    /// <summary>What was said (NIT removed).</summary>
    public required string Content { get; init; }

    /// <summary>When it was said.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>JSON object with extra data.</summary>
    public string MetadataJson { get; init; } = "{}";

    /// <summary>Groups a user line with the assistant reply.</summary>
    public string? PairId { get; init; }

    /// <summary>Set by the scorer.</summary>
    public string? Sentiment { get; init; }

    /// <summary>Set by the scorer.</summary>
    public int? Importance { get; init; }

    /// <summary>Memory the scorer distilled from this pair.</summary>
    public long? MemoryId { get; init; }

    /// <summary>pending, processing, completed, failed or skipped.</summary>
    public string AnalysisStatus { get; init; } = "pending";

    /// <summary>Scorer attempts that failed.</summary>
    public int RetryCount { get; init; }

    /// <summary>Last scorer error, at most 500 characters.</summary>
    public string? LastError { get; init; }
}
