using System.Text.RegularExpressions;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

/// <summary>
/// <c>prompt_language</c> decides every text the server writes for the model and the user: the system prompt, tool
/// docs, NIT feedback (including a syntax error's caret line), status lines. No prompt mixes English and Chinese
/// template text; the user's own data (here: the messages) may be in any language.
/// </summary>
[Collection("Chat")]
public sealed partial class LanguageTests : ChatTestBase
{
    [Fact]
    public async Task English_prompts_feedback_and_status_lines_hold_no_chinese()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "en", ["owner_name"] = "Sam" });
        await SetPetStateAsync("happy", "lively", "thinking of Sam");
        var (system, feedback, statuses) = await RunToolTurnAsync("hello there");

        Assert.True(!Cjk().IsMatch(system), "system prompt lines: " + string.Join("\n", system.Split('\n').Where(l => Cjk().IsMatch(l))));
        Assert.True(!Cjk().IsMatch(feedback), "feedback: " + feedback);
        Assert.Contains("may be here", feedback, StringComparison.Ordinal);
        Assert.All(statuses, s => Assert.False(Cjk().IsMatch(s), s));
        Assert.NotEmpty(statuses);
    }

    [Fact]
    public async Task Chinese_prompts_feedback_and_status_lines_hold_no_english_template_text()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "zh", ["owner_name"] = "小明" });
        await SetPetStateAsync("开心", "活泼", "正在想主人...");
        var (system, feedback, statuses) = await RunToolTurnAsync("你好");

        Assert.Contains("任务控制与你自己的状态。", system, StringComparison.Ordinal);
        foreach (var english in new[] { "Description", "Abilities", "Tool [", "Result:", "may be here", "System notice", "Thinking", "Loading tools",
                                        "Task control", "long-term memory of the owner", "What to look for" })
        {
            Assert.DoesNotContain(english, system, StringComparison.Ordinal);
            Assert.DoesNotContain(english, feedback, StringComparison.Ordinal);
        }

        Assert.Contains("这里可能有错", feedback, StringComparison.Ordinal);
        Assert.Contains("【系统通知：NIT工具执行反馈】", feedback, StringComparison.Ordinal);
        Assert.All(statuses, s => Assert.Matches(Cjk(), s));
        Assert.NotEmpty(statuses);
    }

    [Theory]
    [InlineData("en", "Error: Tool 'mystery' not found or not supported.")]
    [InlineData("zh", "错误：工具 'mystery' 不存在或不受支持。")]
    public async Task A_native_call_to_an_unknown_tool_is_answered_in_the_prompt_language(string language, string expected)
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = language });
        Fake.Enqueue(FakeLlmReply.Tools(new FakeToolCall("call_x", "mystery", "{}")), FakeLlmReply.Text("ok"));

        await ChatAsync("go");

        var tool = StreamRequests[1].Messages.EnumerateArray().Last();
        Assert.Equal(expected, tool.GetProperty("content").GetString());
    }

    /// <summary>The pet's state is the user's data (as the owner's name is): it is set in the language under test so it does not count.</summary>
    private async Task SetPetStateAsync(string mood, string vibe, string mind)
    {
        await GetJsonAsync("/api/pet/state");
        var state = await Server.App.Store.PetStates.GetCurrentAsync();
        await Server.App.Store.PetStates.SaveAsync(state! with { Mood = mood, Vibe = vibe, Mind = mind });
    }

    /// <summary>A chat whose first turn runs a script with a syntax error, so the second request carries NIT feedback.</summary>
    private async Task<(string System, string Feedback, IReadOnlyList<string> Statuses)> RunToolTurnAsync(string user)
    {
        Fake.Enqueue(FakeLlmReply.Text("<nit>\nx = (1\n</nit>"), FakeLlmReply.Text("ok"));
        var result = await ChatAsync(user);
        Assert.True(StreamRequests.Count >= 2, result.Raw);
        var second = Roles(StreamRequests[1]);
        return (SystemPrompt(StreamRequests[0]), second[^1].Text, result.Statuses);
    }

    [GeneratedRegex(@"[\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]")]
    private static partial Regex Cjk();
}
