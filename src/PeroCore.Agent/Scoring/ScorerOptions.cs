namespace PeroCore.Agent.Scoring;

/// <summary>Settings of the <see cref="ScorerService"/>.</summary>
public sealed record ScorerOptions
{
    /// <summary>Exchanges waiting for the scorer at most (default 1000); a pair that does not fit stays pending.</summary>
    public int QueueCapacity { get; init; } = 1000;
}
