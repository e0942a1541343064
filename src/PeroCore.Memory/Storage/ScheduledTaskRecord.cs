namespace PeroCore.Memory.Storage;

/// <summary>A reminder, topic or reaction the companion brings up at a given time.</summary>
public sealed record ScheduledTaskRecord
{
    /// <summary>Row id (0 before it is saved).</summary>
    public long Id { get; init; }

    /// <summary>reminder, topic or reaction.</summary>
    public required string Type { get; init; }

    /// <summary>When it is due.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>What to say or do.</summary>
    public required string Content { get; init; }

    /// <summary>Whether it has fired.</summary>
    public bool IsTriggered { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
