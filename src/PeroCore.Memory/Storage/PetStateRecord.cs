namespace PeroCore.Memory.Storage;

/// <summary>The companion's mood, vibe and current thought, plus its canned lines.</summary>
public sealed record PetStateRecord
{
    /// <summary>Row id (0 before it is saved).</summary>
    public long Id { get; init; }

    /// <summary>Mood label.</summary>
    public required string Mood { get; init; }

    /// <summary>Vibe label.</summary>
    public required string Vibe { get; init; }

    /// <summary>What the companion is thinking.</summary>
    public required string Mind { get; init; }

    /// <summary>JSON object of click reactions.</summary>
    public string ClickMessagesJson { get; init; } = "{}";

    /// <summary>JSON array of idle lines.</summary>
    public string IdleMessagesJson { get; init; } = "[]";

    /// <summary>JSON array of welcome-back lines.</summary>
    public string BackMessagesJson { get; init; } = "[]";

    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
