using PeroCore.Agent.Llm;

namespace PeroCore.Server.Configuration;

/// <summary>Sections <c>Agent</c> (the chat loop and the scorer) and <c>Llm</c> (host defaults for the LLM).</summary>
public sealed record AgentSettings
{
    /// <summary><c>Agent:MaxTurns</c>: LLM turns per chat request (default 30).</summary>
    public int MaxTurns { get; init; } = 30;

    /// <summary><c>Agent:PromptTokenBudget</c>: approximate prompt token budget (default 24000).</summary>
    public int PromptTokenBudget { get; init; } = 24_000;

    /// <summary><c>Agent:ScorerEnabled</c>: whether logged exchanges are turned into memories in the background (default true).</summary>
    public bool ScorerEnabled { get; init; } = true;

    /// <summary><c>Agent:ScorerQueueCapacity</c>: exchanges waiting for the scorer at most (default 1000).</summary>
    public int ScorerQueueCapacity { get; init; } = 1000;

    /// <summary>Section <c>Llm</c>: defaults used when the config table and model cards say nothing.</summary>
    public LlmHostOptions Llm { get; init; } = new();

    /// <summary><c>Llm:MaxRetries</c>: retries of transient LLM failures before the answer starts (default 2).</summary>
    public int LlmMaxRetries { get; init; } = 2;

    /// <summary>Reads and validates the sections.</summary>
    public static AgentSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new AgentSettings
        {
            MaxTurns = reader.Int("Agent:MaxTurns", 30, 1, 200),
            PromptTokenBudget = reader.Int("Agent:PromptTokenBudget", 24_000, 1_000, 2_000_000),
            ScorerEnabled = reader.Bool("Agent:ScorerEnabled", true),
            ScorerQueueCapacity = reader.Int("Agent:ScorerQueueCapacity", 1000, 1, 1_000_000),
            LlmMaxRetries = reader.Int("Llm:MaxRetries", 2, 0, 10),
            Llm = new LlmHostOptions
            {
                BaseUrl = reader.OptionalString("Llm:BaseUrl"),
                ApiKey = reader.OptionalString("Llm:ApiKey"),
                Model = reader.OptionalString("Llm:Model"),
                Temperature = reader.Double("Llm:Temperature", 0.7, 0, 2),
            },
        };
    }
}
