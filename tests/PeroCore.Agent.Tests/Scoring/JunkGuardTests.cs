using PeroCore.Agent.Scoring;

namespace PeroCore.Agent.Tests.Scoring;

/// <summary>The junk guard's text checks: what was copied from the prompt, the tools or recall is refused; real memories pass.</summary>
public sealed class JunkGuardTests
{
    private const string SystemPrompt = """
        # Who you are
        You are Pero, a desktop companion living on Alex's computer, keeping Alex company every day.
        You are warm, curious and attentive. You notice how Alex is doing and remember what Alex has shared with you.
        # How you reply
        Answer in the language Alex uses. Keep sentences short and natural, as in a chat window with a friend.
        """;

    private static readonly JunkGuardOptions Options = new();

    [Theory]
    [InlineData("You are warm, curious and attentive; you notice how Alex is doing and remember what Alex has shared.", JunkKind.SystemPrompt)]
    [InlineData("Keep sentences short and natural as in a chat window with a friend", JunkKind.SystemPrompt)]
    [InlineData("The assistant wrote <nit>$x = recall_memories(query=\"cats\")</nit> to look it up", JunkKind.SystemPrompt)]
    [InlineData("{\"status\":\"ok\",\"results\":[1,2,3]}", JunkKind.ToolOutput)]
    [InlineData("[\"weather\", \"sunny\"]", JunkKind.ToolOutput)]
    public void Text_copied_from_the_prompt_or_shaped_like_tool_output_is_refused(string content, JunkKind expected)
    {
        var verdict = JunkGuard.Check(new JunkCandidate { Content = content, SystemPrompt = SystemPrompt }, Options);

        Assert.NotNull(verdict);
        Assert.Equal(expected, verdict.Kind);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Fact]
    public void A_tool_result_retold_as_a_memory_is_refused()
    {
        var output = "Weather for Lyon on 2026-12-03: light rain, 7 to 11 degrees, wind from the south-west at 20 km/h.";
        var verdict = JunkGuard.Check(new JunkCandidate
        {
            Content = "Weather for Lyon on 2026-12-03: light rain, 7 to 11 degrees.",
            ToolOutputs = ["unrelated output", output],
        }, Options);

        Assert.Equal(JunkKind.ToolOutput, verdict?.Kind);
    }

    [Fact]
    public void Recalled_memories_extracted_again_are_refused_even_when_two_are_joined()
    {
        string[] recalled = ["The owner's sister Mirelle lives in Lyon.", "The owner adopted a grey cat called Mochiko in May."];

        var joined = JunkGuard.Check(new JunkCandidate
        {
            Content = "The owner's sister Mirelle lives in Lyon, and the owner adopted a grey cat called Mochiko in May.",
            RecalledTexts = recalled,
        }, Options);
        var chinese = JunkGuard.Check(new JunkCandidate { Content = "主人的妹妹住在里昂，教钢琴。", RecalledTexts = ["主人的妹妹住在里昂，教钢琴"] }, Options);

        Assert.Equal(JunkKind.RecalledMemory, joined?.Kind);
        Assert.Equal(JunkKind.RecalledMemory, chinese?.Kind);
    }

    [Theory]
    [InlineData("Alex's sister Mirelle moved from Lyon to Montreal last week to start a new teaching job.")]
    [InlineData("主人下周三要去参加钢琴考试，有点紧张。")]
    [InlineData("Alex thinks the companion's replies are too long and prefers short answers.")]
    public void New_facts_pass_even_when_they_mention_what_was_recalled(string content)
    {
        var verdict = JunkGuard.Check(new JunkCandidate
        {
            Content = content,
            SystemPrompt = SystemPrompt,
            RecalledTexts = ["The owner's sister Mirelle lives in Lyon.", "主人喜欢钢琴"],
            ToolOutputs = ["[1] The owner's sister Mirelle lives in Lyon."],
        }, Options);

        Assert.Null(verdict);
    }

    [Fact]
    public void Bad_thresholds_are_refused_naming_the_setting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new JunkGuardOptions { DuplicateSimilarity = 1.5 }.Validate());
        Assert.Equal("DuplicateSimilarity", ex.ParamName);
    }
}
