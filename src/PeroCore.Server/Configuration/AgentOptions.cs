namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Agent</c>: the chat loop and the background scorer.</summary>
[SettingsSection("Agent")]
internal sealed class AgentOptions
{
    /// <summary><c>Agent:MaxTurns</c>: LLM turns per chat request.</summary>
    [IntegerRange(1, 200)]
    public int MaxTurns { get; set; } = 30;

    /// <summary><c>Agent:PromptTokenBudget</c>: approximate prompt tokens; the oldest history is dropped first.</summary>
    [IntegerRange(1_000, 2_000_000)]
    public int PromptTokenBudget { get; set; } = 24_000;

    /// <summary><c>Agent:ScorerEnabled</c>: whether logged exchanges are turned into memories in the background.</summary>
    public bool ScorerEnabled { get; set; } = true;

    /// <summary><c>Agent:ScorerQueueCapacity</c>: exchanges waiting for the scorer at most.</summary>
    [IntegerRange(1, 1_000_000)]
    public int ScorerQueueCapacity { get; set; } = 1000;

    /// <summary><c>Agent:ScorerMaxAttempts</c>: attempts at most for one exchange before it stays failed.</summary>
    [IntegerRange(1, 100)]
    public int ScorerMaxAttempts { get; set; } = 3;

    /// <summary><c>Agent:ScorerRetryDelaySeconds</c>: wait before the first retry of a failed exchange; doubles after each.</summary>
    [NumberRange(0, 86_400)]
    public double ScorerRetryDelaySeconds { get; set; } = 30;

    /// <summary>
    /// <c>Agent:DuplicateSimilarity</c>: cosine similarity to a stored memory above which the scorer and the secretary
    /// reinforce that memory instead of storing a near-duplicate.
    /// </summary>
    [NumberRange(0.5, 1)]
    public double DuplicateSimilarity { get; set; } = 0.95;
}
