using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Chat;

/// <summary>Settings of the chat agent (configuration section <c>Agent</c>).</summary>
public sealed class ChatAgentOptions
{
    /// <summary>LLM turns per request (the original's 30).</summary>
    public int MaxTurns { get; set; } = 30;

    /// <summary>Consecutive failing turns before the breaker trips (3).</summary>
    public int BreakerThreshold { get; set; } = 3;

    /// <summary>Conversation-log rows loaded as history (80).</summary>
    public int HistoryLimit { get; set; } = 80;

    /// <summary>Approximate token budget of the prompt (system + history + request).</summary>
    public int PromptTokenBudget { get; set; } = 24_000;

    /// <summary>Memories recalled into the system prompt (10).</summary>
    public int RecallLimit { get; set; } = 10;

    /// <summary>Hex digits of the per-request NIT ID (must match the stream filter's syntax; 4).</summary>
    public int NitIdDigits { get; set; } = 4;

    /// <summary>Makes the per-request NIT ID (tests pin it); a fresh random ID from a CSPRNG when null.</summary>
    public Func<string>? NitIdGenerator { get; set; }

    /// <summary>Observation output cut per record (2000).</summary>
    public int ObservationMaxLength { get; set; } = 2000;

    /// <summary>Native tool result cut (10000).</summary>
    public int ToolResultMaxLength { get; set; } = 10_000;

    /// <summary>Defaults for user settings (<c>owner_name</c>, <c>user_persona</c>...) when the config table has none.</summary>
    public IReadOnlyDictionary<string, string> ConfigDefaults { get; set; } = new Dictionary<string, string>();

    /// <summary>The state a new companion starts with.</summary>
    public PetStateRecord PetStateDefaults { get; set; } = new() { Mood = "开心", Vibe = "活泼", Mind = "正在想主人..." };
}
