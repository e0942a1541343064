using System.Globalization;
using System.Text.Json.Serialization;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>A memory as the original API shaped it (tags comma-joined, <c>timestamp</c> in epoch ms, <c>realTime</c> local).</summary>
internal sealed record MemoryJson
{
    /// <summary>Id.</summary>
    public long Id { get; init; }

    /// <summary>Text.</summary>
    public required string Content { get; init; }

    /// <summary>Comma-separated tags.</summary>
    public string Tags { get; init; } = string.Empty;

    /// <summary>Cluster labels.</summary>
    public string? Clusters { get; init; }

    /// <summary>Importance 0..10.</summary>
    public int Importance { get; init; }

    /// <summary>Retrieval importance.</summary>
    public double BaseImportance { get; init; }

    /// <summary>Times recalled with reinforcement.</summary>
    public int AccessCount { get; init; }

    /// <summary>Last reinforcement.</summary>
    public DateTimeOffset LastAccessed { get; init; }

    /// <summary>Sentiment.</summary>
    public string Sentiment { get; init; } = "neutral";

    /// <summary>Creation time in epoch milliseconds.</summary>
    public long Timestamp { get; init; }

    /// <summary>Creation time as <c>yyyy-MM-dd HH:mm:ss</c> in the server's time zone.</summary>
    [JsonPropertyName("realTime")]
    public string RealTime { get; init; } = string.Empty;

    /// <summary>Previous memory on the time axis.</summary>
    public long? PrevId { get; init; }

    /// <summary>Next memory on the time axis.</summary>
    public long? NextId { get; init; }

    /// <summary>Front-end message timestamp.</summary>
    [JsonPropertyName("msgTimestamp")]
    public string? MsgTimestamp { get; init; }

    /// <summary>Producer.</summary>
    public string Source { get; init; } = "desktop";

    /// <summary>Kind.</summary>
    public string Type { get; init; } = "event";

    /// <summary>The model of the stored vector.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Archived: recall and lists leave it out unless asked (our extension).</summary>
    public bool Archived { get; init; }

    /// <summary>When it was archived, or null (our extension).</summary>
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>Maps a row.</summary>
    public static MemoryJson From(MemoryRecord m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new MemoryJson
        {
            Id = m.Id,
            Content = m.Content,
            Tags = TagList.Join(m.Tags),
            Clusters = m.Clusters,
            Importance = m.Importance,
            BaseImportance = m.BaseImportance,
            AccessCount = m.AccessCount,
            LastAccessed = m.LastAccessed,
            Sentiment = m.Sentiment,
            Timestamp = m.Timestamp.ToUnixTimeMilliseconds(),
            RealTime = TimeZoneInfo.ConvertTime(m.Timestamp, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            PrevId = m.PrevId,
            NextId = m.NextId,
            MsgTimestamp = m.MsgTimestamp,
            Source = m.Source,
            Type = m.Type,
            EmbeddingModel = m.EmbeddingModel,
            Archived = m.ArchivedAt is not null,
            ArchivedAt = m.ArchivedAt,
        };
    }
}
