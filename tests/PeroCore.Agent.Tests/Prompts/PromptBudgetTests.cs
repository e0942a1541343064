using Microsoft.Extensions.AI;
using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class PromptBudgetTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("主人喜欢猫", 5)]
    [InlineData("hi 主人", 3)]
    [InlineData("，。！", 3)]
    public void Tokens_are_estimated_per_CJK_character_and_per_four_other_characters(string text, int expected) =>
        Assert.Equal(expected, TokenEstimator.Estimate(text));

    [Fact]
    public void The_oldest_history_goes_first_and_system_and_current_messages_stay()
    {
        var system = new ChatMessage(ChatRole.System, "SYSTEM " + new string('s', 96) + RagBlock.EndMarker);
        var history = Enumerable.Range(1, 10).Select(i => new ChatMessage(i % 2 == 1 ? ChatRole.User : ChatRole.Assistant, $"turn {i:00} " + new string('x', 32))).ToList();
        var current = new ChatMessage(ChatRole.User, "now " + new string('c', 36));
        var perHistory = TokenEstimator.Estimate(history[0]);
        var fixedCost = TokenEstimator.Estimate(system) + TokenEstimator.Estimate(current);
        var budget = new PromptBudget(fixedCost + (3 * perHistory) + 1);

        var result = budget.Fit([system], history, [current]);

        Assert.Same(system, result.Messages[0]);
        Assert.Same(current, result.Messages[^1]);
        Assert.Equal(history.Skip(7), result.Messages.Skip(1).Take(3));
        Assert.Equal(history.Take(7), result.DroppedHistory);
        Assert.Equal(5, result.Messages.Count);
        Assert.False(result.OverBudget);
        Assert.True(result.EstimatedTokens <= budget.MaxTokens);
    }

    [Fact]
    public void A_budget_too_small_for_system_and_current_keeps_them_whole_and_says_so()
    {
        var system = new ChatMessage(ChatRole.System, new string('s', 400));
        var current = new ChatMessage(ChatRole.User, "hello");
        var history = new List<ChatMessage> { new(ChatRole.User, "old") };

        var result = new PromptBudget(10).Fit([system], history, [current]);

        Assert.Equal([system, current], result.Messages);
        Assert.Equal(history, result.DroppedHistory);
        Assert.True(result.OverBudget);
    }

    [Fact]
    public void A_large_old_message_is_not_skipped_over_to_keep_even_older_ones()
    {
        var history = new List<ChatMessage>
        {
            new(ChatRole.User, "tiny"),
            new(ChatRole.Assistant, new string('x', 4000)),
            new(ChatRole.User, "recent"),
        };

        var result = new PromptBudget(60).Fit([], history, []);

        Assert.Equal([history[2]], result.Messages);
        Assert.Equal(history.Take(2), result.DroppedHistory);
    }

    [Fact]
    public void Tool_results_are_dropped_with_their_call()
    {
        var history = new List<ChatMessage>
        {
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "tool", new Dictionary<string, object?> { ["q"] = new string('x', 400) })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "result")]),
            new(ChatRole.Assistant, "after"),
        };
        var budget = new PromptBudget(TokenEstimator.Estimate(history[1]) + TokenEstimator.Estimate(history[2]) + 1);

        var result = budget.Fit([], history, []);

        Assert.Equal([history[2]], result.Messages);
        Assert.Equal(history.Take(2), result.DroppedHistory);
    }
}
