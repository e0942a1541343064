namespace PeroCore.Agent.Scoring;

/// <summary>What the <see cref="JunkGuard"/> decided about a memory a writer wants to store.</summary>
public enum JunkKind
{
    /// <summary>Worth storing.</summary>
    None = 0,

    /// <summary>Text of the system prompt (persona, rules, tool documentation) or of the NIT protocol.</summary>
    SystemPrompt = 1,

    /// <summary>A memory that was recalled into the prompt, extracted again as if it were new.</summary>
    RecalledMemory = 2,

    /// <summary>Output of a tool the companion ran, not something the owner said or did.</summary>
    ToolOutput = 3,

    /// <summary>A near-duplicate of a stored memory: that memory is reinforced instead.</summary>
    NearDuplicate = 4,
}
