namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Scheduler</c>: delivery of reminders and topics, and companion mode.</summary>
[SettingsSection("Scheduler")]
internal sealed class SchedulerOptions
{
    /// <summary><c>Scheduler:Enabled</c>: run the delivery loop (off: tasks wait, the legacy poll still takes them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Scheduler:PollSeconds</c>: longest sleep between two looks at the task table (a new task wakes it at once).</summary>
    [IntegerRange(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    /// <summary><c>Scheduler:MaxAttempts</c>: delivery attempts before a task is marked failed.</summary>
    [IntegerRange(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary><c>Scheduler:RetrySeconds</c>: wait before the first retry of a failed delivery; doubled for each later one.</summary>
    [IntegerRange(1, 86_400)]
    public int RetrySeconds { get; set; } = 30;

    /// <summary><c>Scheduler:LateAfterSeconds</c>: a task delivered this long after its time (or due before the start) is marked late.</summary>
    [IntegerRange(0, 86_400)]
    public int LateAfterSeconds { get; set; } = 120;

    /// <summary><c>Scheduler:CompanionIdleMinutes</c>: default owner idle time before companion mode speaks (user key <c>companion_idle_minutes</c> overrides).</summary>
    [IntegerRange(1, 10_080)]
    public int CompanionIdleMinutes { get; set; } = 30;

    /// <summary>The agent's options.</summary>
    public Agent.Scheduling.SchedulerOptions ToAgentOptions() => new()
    {
        PollInterval = TimeSpan.FromSeconds(PollSeconds),
        MaxAttempts = MaxAttempts,
        RetryDelay = TimeSpan.FromSeconds(RetrySeconds),
        LateAfter = TimeSpan.FromSeconds(LateAfterSeconds),
        CompanionIdleMinutes = CompanionIdleMinutes,
    };
}
