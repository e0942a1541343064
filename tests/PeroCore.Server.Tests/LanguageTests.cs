using System.Text.Json;
using System.Text.RegularExpressions;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Agent.Tools;

namespace PeroCore.Server.Tests;

/// <summary>
/// <c>prompt_language</c> decides every text the server writes for the model and the user: the system prompt, tool
/// docs, NIT feedback (including a syntax error's caret line), status lines. No prompt mixes English and Chinese
/// template text; the user's own data (here: the messages) may be in any language.
/// </summary>
[Collection("Chat")]
public sealed partial class LanguageTests : ChatTestBase
{
    /// <summary>Strings kept in variables are cut at 20 characters, so a script can show the runtime's truncation note.</summary>
    protected override string[] ServerArgs => ["--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0", "--Nit:MaxStringLength=20"];

    [Fact]
    public async Task English_prompts_feedback_and_status_lines_hold_no_chinese()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "en", ["owner_name"] = "Sam" });
        await SetPetStateAsync("happy", "lively", "thinking of Sam");
        var (system, feedback, statuses) = await RunToolTurnAsync("hello there");

        Assert.True(!Cjk().IsMatch(system), "system prompt lines: " + string.Join("\n", system.Split('\n').Where(l => Cjk().IsMatch(l))));
        Assert.True(!Cjk().IsMatch(feedback), "feedback: " + feedback);
        Assert.Contains("may be here", feedback, StringComparison.Ordinal);
        Assert.Contains("Parser error at line 2", feedback, StringComparison.Ordinal);
        Assert.Contains("(Args: ", system, StringComparison.Ordinal);
        Assert.Contains("(aliases: update_status, set_status)", system, StringComparison.Ordinal);
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

        AssertInLanguage("zh", system);
        AssertInLanguage("zh", feedback);
        Assert.Contains("这里可能有错", feedback, StringComparison.Ordinal);
        Assert.Contains("语法错误（第 2 行", feedback, StringComparison.Ordinal);
        Assert.Contains("(参数: ", system, StringComparison.Ordinal);
        Assert.Contains("(别名: update_status, set_status)", system, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task Core_tool_results_and_errors_are_in_the_prompt_language(string language)
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = language });
        Fake.Enqueue(
            FakeLlmReply.Tools(
                new FakeToolCall("c1", "recall_memories", """{"query":"zebra crossing"}"""),
                new FakeToolCall("c2", "update_character_status", "{}"),
                new FakeToolCall("c3", "save_memory", """{"content":"   "}"""),
                new FakeToolCall("c4", "save_memory", """{"content":"likes tea"}"""),
                new FakeToolCall("c5", "recall_memories", """{"limit":3}""")),
            FakeLlmReply.Text("ok"));

        await ChatAsync("go");

        var outputs = StreamRequests.SelectMany(r => r.Messages.EnumerateArray())
            .Where(m => m.GetProperty("role").GetString() == "tool")
            .Select(m => m.GetProperty("content").GetString()!)
            .Distinct().ToList();
        Assert.True(outputs.Count >= 5, string.Join("\n", outputs));

        // finish_task ends the loop, so its answer is read straight from the tool, in a chat of this language.
        await GetJsonAsync("/api/pet/state");
        var registry = CoreTools.CreateRegistry(Server.App.Store, null, (await Server.App.Store.PetStates.GetCurrentAsync())!);
        var state = new ChatToolState("desktop", "default", null) { Language = language == "zh" ? PromptLanguage.Chinese : PromptLanguage.English };
        var finished = await registry.InvokeAsync("finish_task", new Dictionary<string, object?> { ["summary"] = "done" }, state.ToContext());
        outputs.Add(finished.ToString());
        Assert.True(state.Finished);
        AssertInLanguage(language, string.Join("\n", outputs));
        var expected = language == "en"
            ? new[] { "No matching memories.", "No status updates provided.", "Saved memory ", "Task finished. Terminating loop." }
            : ["没有找到相关的记忆。", "没有提供任何状态更新。", "已保存记忆 ", "任务已完成，结束循环。"];
        Assert.All(expected, e => Assert.Contains(outputs, o => o.Contains(e, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task Nit_errors_and_truncation_markers_in_feedback_are_in_the_prompt_language(string language)
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = language });
        var longList = "[" + string.Join(", ", Enumerable.Repeat("\"zzzzzzzzzzzzzzzz\"", 120)) + "]";
        var script = string.Join("\n",
            "recall_memories(limit=3)",
            "save_memory(content=\"fine\", importance=\"high\")",
            "save_memory(content=\"   \")",
            "update_character_status()",
            "recal_memories(query=\"tea\")",
            "CoreOps()",
            "$d = $nope",
            "$s = \"" + new string('q', 60) + "\"",
            "$t = $s",
            "$l1 = " + longList,
            "$l2 = " + longList,
            "$l3 = " + longList);
        Fake.Enqueue(FakeLlmReply.Text("<nit>\n" + script + "\n</nit>"), FakeLlmReply.Text("<nit>\n$x = \"abc\n</nit>"), FakeLlmReply.Text("ok"));

        await ChatAsync("go");

        Assert.True(StreamRequests.Count >= 3);
        var feedback = Roles(StreamRequests[1])[^1].Text + "\n" + Roles(StreamRequests[2])[^1].Text;
        AssertInLanguage(language, feedback);
        var expected = language == "en"
            ? new[] { "Missing required parameter 'query' for tool 'recall_memories'.", "Invalid value for parameter 'importance'", "Undefined variable: $nope",
                      "Call: ", "Assignment: $s", "... [Truncated by NIT Safety]", "...(truncated)", "Lexer error at line ", "not found" }
            : ["工具 'recall_memories' 缺少必填参数 'query'。", "工具 'save_memory' 的参数 'importance' 的值无效", "未定义的变量：$nope",
               "调用：", "赋值：$s", "已被 NIT 安全机制截断", "...（已截断）", "词法错误（第 ", "不存在", "“content” 不能为空。"];
        Assert.All(expected, e => Assert.Contains(e, feedback, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task Native_tool_declarations_are_described_in_the_prompt_language(string language)
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = language });
        Fake.Enqueue(FakeLlmReply.Text("ok"));

        await ChatAsync("hi");

        var tools = StreamRequests[0].Body!.Value.GetProperty("tools");
        var descriptions = string.Join("\n", Descriptions(tools));
        Assert.Contains(language == "en" ? "What to look for." : "要找什么。", descriptions, StringComparison.Ordinal);
        Assert.Contains(language == "en" ? "Searches your long-term memory" : "搜索你的长期记忆", descriptions, StringComparison.Ordinal);
        if (language == "en")
        {
            Assert.True(!Cjk().IsMatch(descriptions), descriptions);
        }
        else
        {
            Assert.DoesNotContain("What to look for", descriptions, StringComparison.Ordinal);
            Assert.DoesNotContain("long-term memory", descriptions, StringComparison.Ordinal);
        }
    }

    /// <summary>Every <c>description</c> string in a JSON tree.</summary>
    private static IEnumerable<string> Descriptions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "description" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }
                else
                {
                    foreach (var inner in Descriptions(property.Value))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var inner in element.EnumerateArray().SelectMany(Descriptions))
            {
                yield return inner;
            }
        }
    }

    /// <summary>
    /// English output holds no CJK; Chinese output holds none of the fixed English phrases the server writes (tool names,
    /// parameter names, type names and the user's data may stay as they are).
    /// </summary>
    private static void AssertInLanguage(string language, string text)
    {
        if (language == "en")
        {
            Assert.True(!Cjk().IsMatch(text), "CJK in English output: " + text);
            return;
        }

        foreach (var english in EnglishPhrases)
        {
            Assert.True(!text.Contains(english, StringComparison.OrdinalIgnoreCase), $"'{english}' in Chinese output: {text}");
        }
    }

    /// <summary>Fixed English phrases (lower case) that must never reach a Chinese prompt.</summary>
    private static readonly string[] EnglishPhrases =
    [
        "error", "no matching", "saved memory", "status updates", "task finished", "terminating", "must not be empty",
        "truncated", "args:", "aliases", "parameter '", "missing required", "invalid value", "expected", " got ",
        "line ", "col ", "not found", "did you mean", "call: ", "assignment: ", "script stopped", "unterminated",
        "unexpected character", "for tool", "timed out", "disabled",
    ];

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
