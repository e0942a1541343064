namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Events</c>: the events channel (<c>GET /api/events</c>, <c>/ws/events</c>) and its outbox.</summary>
[SettingsSection("Events")]
internal sealed class EventsOptions
{
    /// <summary><c>Events:RetentionDays</c>: events older than this are deleted, read or not.</summary>
    [IntegerRange(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary><c>Events:MaxEvents</c>: above this many stored events, the oldest read ones are deleted (unread ones stay).</summary>
    [IntegerRange(100, 100_000_000)]
    public int MaxEvents { get; set; } = 10_000;

    /// <summary><c>Events:PruneIntervalMinutes</c>: how often the bounds are applied (also once at start).</summary>
    [IntegerRange(1, 1440)]
    public int PruneIntervalMinutes { get; set; } = 60;

    /// <summary><c>Events:ClientBufferSize</c>: events waiting for one slow client before its connection is dropped (it resumes by cursor).</summary>
    [IntegerRange(16, 1_000_000)]
    public int ClientBufferSize { get; set; } = 1024;

    /// <summary><c>Events:HeartbeatSeconds</c>: an idle SSE stream gets a comment line this often, so proxies keep it open.</summary>
    [IntegerRange(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary><c>Events:PostQueueCapacity</c>: events posted without waiting (chat pet-state changes) queued for the outbox.</summary>
    [IntegerRange(16, 1_000_000)]
    public int PostQueueCapacity { get; set; } = 10_000;

    /// <summary>How long events are kept.</summary>
    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);

    /// <summary>Time between heartbeats.</summary>
    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    /// <summary>Time between prunes.</summary>
    public TimeSpan PruneInterval => TimeSpan.FromMinutes(PruneIntervalMinutes);
}
