namespace PeroCore.Agent.Prompts;

/// <summary>
/// The values of one chat request that go into the system prompt. Null or blank values fall back to the language's
/// defaults (the <c>default_owner_name</c>, <c>default_user_persona</c>, <c>no_memories</c> and <c>no_tools</c> templates).
/// </summary>
public sealed record SystemPromptContext
{
    /// <summary>The companion's name (default <c>Pero</c>).</summary>
    public string? CompanionName { get; init; }

    /// <summary>Config <c>owner_name</c>.</summary>
    public string? OwnerName { get; init; }

    /// <summary>Config <c>user_persona</c>.</summary>
    public string? UserPersona { get; init; }

    /// <summary>The owner's local time; rendered as <c>yyyy-MM-dd HH:mm:ss</c> plus the weekday.</summary>
    public DateTimeOffset CurrentTime { get; init; } = DateTimeOffset.Now;

    /// <summary>PetState mood.</summary>
    public string? Mood { get; init; }

    /// <summary>PetState vibe.</summary>
    public string? Vibe { get; init; }

    /// <summary>PetState mind.</summary>
    public string? Mind { get; init; }

    /// <summary>Recalled memories, most relevant first (formatted with <see cref="RagBlock"/>); empty shows the no-memories text.</summary>
    public IReadOnlyList<RecalledMemory> Memories { get; init; } = [];

    /// <summary>When the recall ran (for the RAG header); defaults to <see cref="CurrentTime"/>.</summary>
    public DateTimeOffset? RecallTime { get; init; }

    /// <summary>Length of the last user message used as recall query (RAG header).</summary>
    public int QueryUserLength { get; init; }

    /// <summary>Length of the last assistant message used as recall query (RAG header).</summary>
    public int QueryAssistantLength { get; init; }

    /// <summary>
    /// A pre-formatted memory section that replaces <see cref="Memories"/> (e.g. a thinking-chain block); null to format
    /// <see cref="Memories"/>.
    /// </summary>
    public string? MemoryContextOverride { get; init; }

    /// <summary>The NIT tool documentation (<c>{{nit_tools}}</c>); blank shows the no-tools text.</summary>
    public string? NitTools { get; init; }

    /// <summary>The per-request NIT ID used in <c>&lt;nit-ID&gt;</c> tags; required when <see cref="IncludeTools"/> is true.</summary>
    public string? NitId { get; init; }

    /// <summary>Whether the tool section (<c>nit_usage</c>) is part of the prompt (default true).</summary>
    public bool IncludeTools { get; init; } = true;

    /// <summary>Extra variables for user-edited templates; they cannot replace the variables above.</summary>
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();
}
