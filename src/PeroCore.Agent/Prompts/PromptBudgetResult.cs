using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Prompts;

/// <summary>The message list that fits a <see cref="PromptBudget"/>, and what had to go.</summary>
/// <param name="Messages">System messages, then the kept history, then the current messages.</param>
/// <param name="DroppedHistory">History messages removed, oldest first.</param>
/// <param name="EstimatedTokens">Estimated tokens of <paramref name="Messages"/>.</param>
/// <param name="MaxTokens">The budget.</param>
public sealed record PromptBudgetResult(IReadOnlyList<ChatMessage> Messages, IReadOnlyList<ChatMessage> DroppedHistory, int EstimatedTokens, int MaxTokens)
{
    /// <summary>True when even the system prompt and the current messages alone exceed the budget (nothing of them is cut).</summary>
    public bool OverBudget => EstimatedTokens > MaxTokens;
}
