namespace PeroCore.Agent.Scoring;

/// <summary>Settings of the <see cref="ScorerService"/>.</summary>
public sealed record ScorerOptions
{
    /// <summary>Exchanges waiting for the scorer at most (default 1000); a pair that does not fit stays pending.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>
    /// Attempts at most for one exchange (default 3): a failed pair is retried with backoff until it has failed this
    /// many times, then it stays <c>failed</c> with its last error (the history API can re-run it).
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the first retry (default 30 s); it doubles with each further attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);
}
