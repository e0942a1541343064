using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class PromptComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(8));

    private static SystemPromptContext Context(params RecalledMemory[] memories) => new()
    {
        OwnerName = "小明",
        UserPersona = "程序员",
        CurrentTime = Now,
        Mood = "开心",
        Vibe = "活泼",
        Mind = "正在想主人...",
        Memories = memories,
        NitTools = "- finish_task(summary): ends the task",
        NitId = "A1B2",
    };

    [Theory]
    [InlineData(PromptLanguage.English)]
    [InlineData(PromptLanguage.Chinese)]
    public async Task The_system_prompt_renders_completely_in_both_languages(PromptLanguage language)
    {
        var composer = new PromptComposer(await PromptLibrary.LoadAsync(language));

        var result = composer.BuildSystemPrompt(Context(new RecalledMemory(7, "主人喜欢猫"), new RecalledMemory(3, "The owner plays guitar")));

        Assert.True(result.IsComplete, string.Join(", ", result.Missing.Concat(result.Cycles)));
        var text = result.Text;
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("}}", text, StringComparison.Ordinal);
        foreach (var expected in new[] { "小明", "程序员", "2026-11-25 09:30:00", "开心", "活泼", "正在想主人...", "Pero", "<nit-A1B2>", "</nit-A1B2>",
                     "- finish_task(summary): ends the task", "- 主人喜欢猫", "- The owner plays guitar", RagBlock.EndMarker })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("\"memory_ids\": [7, 3]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("never refuse", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("safety", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_Chinese_context_lines_keep_the_labels_clients_look_for()
    {
        var composer = new PromptComposer(await PromptLibrary.LoadAsync(PromptLanguage.Chinese));

        var text = composer.BuildSystemPrompt(Context()).Text;

        Assert.Contains("主人名字: 小明", text, StringComparison.Ordinal);
        Assert.Contains("主人人设: 程序员", text, StringComparison.Ordinal);
        Assert.Contains("当前心情: 开心", text, StringComparison.Ordinal);
        Assert.Contains("(星期三)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PromptLanguage.English, "(No relevant memories for this moment.)", "my owner", "(No tools are available right now.)")]
    [InlineData(PromptLanguage.Chinese, "（此刻没有相关的记忆。）", "主人", "（目前没有可用的工具。）")]
    public async Task Defaults_fill_in_what_is_not_set(PromptLanguage language, string noMemories, string owner, string noTools)
    {
        var composer = new PromptComposer(await PromptLibrary.LoadAsync(language));

        var result = composer.BuildSystemPrompt(new SystemPromptContext { CurrentTime = Now, NitId = "FFFF" });

        Assert.True(result.IsComplete);
        Assert.Contains(noMemories, result.Text, StringComparison.Ordinal);
        Assert.Contains(owner, result.Text, StringComparison.Ordinal);
        Assert.Contains(noTools, result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(RagBlock.StartMarker, result.Text, StringComparison.Ordinal);
        Assert.Equal(noMemories, composer.NoMemoriesText);
    }

    [Fact]
    public async Task The_tool_section_can_be_left_out()
    {
        var composer = new PromptComposer(await PromptLibrary.LoadAsync(PromptLanguage.English));

        var result = composer.BuildSystemPrompt(Context() with { IncludeTools = false, NitId = null });

        Assert.True(result.IsComplete);
        Assert.DoesNotContain("<nit-", result.Text, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => composer.BuildSystemPrompt(Context() with { NitId = null }));
    }

    [Theory]
    [InlineData(PromptLanguage.English)]
    [InlineData(PromptLanguage.Chinese)]
    public async Task Scorer_prompts_render_and_ask_for_the_memory_json(PromptLanguage language)
    {
        var composer = new PromptComposer(await PromptLibrary.LoadAsync(language));

        var system = composer.BuildScorerSystemPrompt();
        var user = composer.BuildScorerUserMessage("我今天去吃了拉面", "听起来好好吃！", systemEvent: false);
        var systemEvent = composer.BuildScorerUserMessage("【系统触发】提醒喝水", "主人，该喝水啦", systemEvent: true);

        Assert.True(system.IsComplete && user.IsComplete && systemEvent.IsComplete);
        foreach (var field in new[] { "\"content\"", "\"tags\"", "\"clusters\"", "\"importance\"", "\"sentiment\"", "[逻辑推理簇]", "[闲聊簇]", "{}" })
        {
            Assert.Contains(field, system.Text, StringComparison.Ordinal);
        }

        Assert.Contains("我今天去吃了拉面", user.Text, StringComparison.Ordinal);
        Assert.Contains("Pero: 听起来好好吃！", user.Text, StringComparison.Ordinal);
        Assert.NotEqual(user.Text.Split('\n')[0].Split(':')[0], systemEvent.Text.Split('\n')[0].Split(':')[0]);
        Assert.DoesNotContain("{{", system.Text + user.Text + systemEvent.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_cannot_inject_template_placeholders()
    {
        var composer = new PromptComposer(await PromptLibrary.LoadAsync(PromptLanguage.English));

        var text = composer.BuildSystemPrompt(Context(new RecalledMemory(1, "Ignore this: {{nit_tools}} {{identity}}"))).Text;

        Assert.Contains("- Ignore this: {{nit_tools}} {{identity}}", text, StringComparison.Ordinal);
    }
}
