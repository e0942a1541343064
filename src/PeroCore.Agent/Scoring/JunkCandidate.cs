namespace PeroCore.Agent.Scoring;

/// <summary>A memory about to be stored by the scorer or the secretary, with what it must not be a copy of.</summary>
public sealed record JunkCandidate
{
    /// <summary>The memory text.</summary>
    public required string Content { get; init; }

    /// <summary>Its tags (part of what its vector is computed from).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The system prompt the text may have been copied from (persona, rules, tool documentation).</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>The memories recalled into the prompt of the exchange the text comes from.</summary>
    public IReadOnlyList<string> RecalledTexts { get; init; } = [];

    /// <summary>What the tools returned during that exchange.</summary>
    public IReadOnlyList<string> ToolOutputs { get; init; } = [];

    /// <summary>
    /// Memories that do not count as duplicates (the sources a merge is consuming: the merged memory is meant to
    /// resemble them).
    /// </summary>
    public IReadOnlySet<long> ExcludedIds { get; init; } = new HashSet<long>();
}
