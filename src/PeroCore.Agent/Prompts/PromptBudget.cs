using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// Fits <c>[system] + history + current</c> into an approximate token budget (<see cref="TokenEstimator"/>) by dropping
/// the oldest history first. The system messages (with their memory block) and the current messages are never cut;
/// the kept history stays contiguous (the newest messages that fit), and tool results whose assistant call was dropped
/// are dropped with it.
/// </summary>
public sealed class PromptBudget
{
    /// <summary>Creates a budget.</summary>
    /// <param name="maxTokens">Token budget for the whole request (prompt side; leave room for the answer yourself).</param>
    public PromptBudget(int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        MaxTokens = maxTokens;
    }

    /// <summary>The budget.</summary>
    public int MaxTokens { get; }

    /// <summary>Builds the message list.</summary>
    public PromptBudgetResult Fit(IReadOnlyList<ChatMessage> system, IReadOnlyList<ChatMessage> history, IReadOnlyList<ChatMessage> current)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(current);

        var fixedTokens = system.Sum(TokenEstimator.Estimate) + current.Sum(TokenEstimator.Estimate);
        var room = MaxTokens - fixedTokens;

        // Keep the newest contiguous run of history that fits.
        var costs = history.Select(TokenEstimator.Estimate).ToArray();
        var firstKept = history.Count;
        var used = 0;
        while (firstKept > 0 && used + costs[firstKept - 1] <= room)
        {
            firstKept--;
            used += costs[firstKept];
        }

        // Tool results cannot start the history without their assistant call.
        while (firstKept < history.Count && history[firstKept].Role == ChatRole.Tool)
        {
            used -= costs[firstKept];
            firstKept++;
        }

        var messages = new List<ChatMessage>(system.Count + (history.Count - firstKept) + current.Count);
        messages.AddRange(system);
        for (var i = firstKept; i < history.Count; i++)
        {
            messages.Add(history[i]);
        }

        messages.AddRange(current);
        var dropped = history.Take(firstKept).ToList();
        return new PromptBudgetResult(messages, dropped, fixedTokens + used, MaxTokens);
    }
}
