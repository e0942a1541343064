namespace PeroCore.Agent.Scheduling;

/// <summary>How the scheduler delivers due tasks (host section <c>Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Longest sleep between two looks at the table (a new or changed task wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delivery attempts of a task before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled for each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A task delivered more than this after its time (or due before the host started) is marked late.</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Default owner idle time before companion mode speaks (config key <c>companion_idle_minutes</c> overrides it).</summary>
    public int CompanionIdleMinutes { get; set; } = 30;

    /// <summary>Where system-triggered turns are logged: the conversation source.</summary>
    public string Source { get; set; } = "system_trigger";
}
