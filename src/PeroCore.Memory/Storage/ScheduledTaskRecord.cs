namespace PeroCore.Memory.Storage;

/// <summary>A reminder, topic or reaction the companion brings up at a given time, with its delivery state.</summary>
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

    /// <summary>Whether it has fired (the original's flag: true from the claim on, false while pending).</summary>
    public bool IsTriggered { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>pending, claimed (a delivery runs), delivered or failed (see <see cref="ScheduledTaskStatus"/>).</summary>
    public string Status { get; init; } = ScheduledTaskStatus.Pending;

    /// <summary>Delivery attempts made.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; init; }

    /// <summary>A failed attempt's retry waits until then.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>When the running (or last) delivery claimed it.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Who delivered it: <c>scheduler</c>, <c>poll</c> (the legacy <c>/api/tasks/check</c>) or <c>original</c> (imported as triggered).</summary>
    public string? DeliveredVia { get; init; }

    /// <summary>Whether it was delivered late (it fell due while the server was down).</summary>
    public bool Late { get; init; }
}
