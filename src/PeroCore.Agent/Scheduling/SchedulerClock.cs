namespace PeroCore.Agent.Scheduling;

/// <summary>
/// The clock the scheduler reads and sleeps on (parsing relative times, due checks, retry backoff, companion idle time).
/// A service of its own so tests can drive the scheduler with a fake clock without slowing every other timer of the host.
/// </summary>
/// <param name="time">The time provider (the system clock in production).</param>
public sealed class SchedulerClock(TimeProvider time)
{
    /// <summary>The time provider.</summary>
    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Now, in UTC.</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
