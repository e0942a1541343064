namespace PeroCore.Memory.Storage;

/// <summary>One stored push (a row of <c>event_outbox</c>).</summary>
public sealed record OutboxEvent
{
    /// <summary>Row id: the clients' resume cursor, increasing in commit order.</summary>
    public long Id { get; init; }

    /// <summary>What happened (<c>pet_state</c>, <c>reminder</c>…).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The payload, one compact JSON value.</summary>
    public string PayloadJson { get; init; } = "null";

    /// <summary>When the event was stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a client marked it read, if one did.</summary>
    public DateTimeOffset? ReadAt { get; init; }
}
