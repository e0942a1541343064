using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Tools;

/// <summary>The built-in tools in a real chat: the fake LLM writes <c>&lt;nit&gt;</c> blocks, the server runs them.</summary>
public sealed class ToolChatTests : ChatTestBase
{
    [Fact]
    public async Task The_workspace_is_created_at_start_and_a_nit_block_writes_and_reads_inside_it_but_not_outside()
    {
        var workspace = Path.Combine(Server.DataPath, "workspace");
        Assert.True(Directory.Exists(workspace));
        File.WriteAllText(Path.Combine(Server.DataPath, "outside.txt"), "OUTSIDE");

        Fake.Enqueue(
            FakeLlmReply.Text("<nit>\nwrite_workspace_file(filename=\"shopping.md\", content=\"- milk\\n- eggs\\n\")\n$t = read_workspace_file(filename=\"shopping.md\")\nread_workspace_file(filename=\"../outside.txt\")\nwrite_workspace_file(filename=\"../pwned.txt\", content=\"x\")\n</nit>"),
            FakeLlmReply.Text("<nit>\nfinish_task(summary=\"List written\")\n</nit>"));

        var result = await ChatAsync("write my shopping list");

        Assert.Equal("List written", result.Visible);
        Assert.Equal("- milk\n- eggs\n", File.ReadAllText(Path.Combine(workspace, "shopping.md")));
        Assert.False(File.Exists(Path.Combine(Server.DataPath, "pwned.txt")));
        Assert.Equal("OUTSIDE", File.ReadAllText(Path.Combine(Server.DataPath, "outside.txt")));

        // The model was told what happened, with the refusals.
        var feedback = Roles(StreamRequests[1])[^1].Text;
        Assert.Contains("- milk", feedback, StringComparison.Ordinal);
        Assert.Contains("leads outside the workspace", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("OUTSIDE", feedback.Replace("outside the workspace", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_built_in_group_is_offered_in_the_prompt_and_as_native_tools()
    {
        Fake.Enqueue(FakeLlmReply.Text("hi"));
        await ChatAsync("hello");
        var request = StreamRequests[0];
        var system = SystemPrompt(request);
        var natives = NativeNames(request);
        foreach (var name in new[] { "search_memories", "read_workspace_file", "browser_fetch_text", "browser_open_url", "enter_work_mode", "get_current_time" })
        {
            Assert.Contains(name, system, StringComparison.Ordinal);
            Assert.Contains(name, natives);
        }
    }

    [Fact]
    public async Task The_same_tools_answer_legacy_blocks_and_native_calls()
    {
        var workspace = Path.Combine(Server.DataPath, "workspace");
        Fake.Enqueue(
            FakeLlmReply.Text("[[[NIT_CALL]]]\nwrite_workspace_file\nfilename: [START]legacy.txt[END]\ncontent: [START]from NIT 1.0[END]\n[[[NIT_END]]]"),
            FakeLlmReply.Tools(new FakeToolCall("call_1", "read_workspace_file", "{\"filename\":\"legacy.txt\"}"),
                new FakeToolCall("call_2", "list_directory", "{\"path\":\"../..\"}")),
            FakeLlmReply.Text("done"));

        var result = await ChatAsync("try both formats");

        Assert.Equal("done", result.Visible);
        Assert.Equal("from NIT 1.0", File.ReadAllText(Path.Combine(workspace, "legacy.txt")));
        var messages = StreamRequests[2].Messages.EnumerateArray().ToList();
        var read = messages.Single(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == "call_1");
        Assert.Equal("from NIT 1.0", TextOf(read));
        var refused = messages.Single(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == "call_2");
        Assert.Contains("leads outside the workspace", TextOf(refused), StringComparison.Ordinal);
    }

    internal static List<string> NativeNames(FakeLlmRequest request) =>
        request.Body is { } body && body.TryGetProperty("tools", out var tools)
            ? [.. tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!)]
            : [];
}

/// <summary><c>Tools:Disabled</c> in a real server: the groups leave the prompt and the native list; a call is refused.</summary>
public sealed class ToolSwitchChatTests : ChatTestBase
{
    protected override string[] ServerArgs => [.. base.ServerArgs, "--Tools:Disabled=WorkspaceOps,BrowserOps"];

    [Fact]
    public async Task A_disabled_group_is_not_offered_and_a_call_to_it_is_refused_as_disabled_in_config()
    {
        Fake.Enqueue(
            FakeLlmReply.Text("<nit>\nwrite_workspace_file(filename=\"a.txt\", content=\"x\")\n</nit>"),
            FakeLlmReply.Text("ok"));

        var result = await ChatAsync("write a file");

        Assert.Equal("ok", result.Visible);
        var first = StreamRequests[0];
        var system = SystemPrompt(first);
        var natives = ToolChatTests.NativeNames(first);
        Assert.DoesNotContain("write_workspace_file", system, StringComparison.Ordinal);
        Assert.DoesNotContain("browser_click", system, StringComparison.Ordinal);
        Assert.DoesNotContain("write_workspace_file", natives);
        Assert.DoesNotContain("browser_click", natives);
        Assert.Contains("search_memories", natives);
        Assert.Contains("finish_task", natives);

        var feedback = Roles(StreamRequests[1])[^1].Text;
        Assert.Contains("disabled", feedback, StringComparison.Ordinal);
        Assert.Contains("Tools:Disabled", feedback, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Server.DataPath, "workspace", "a.txt")));
    }

    [Fact]
    public async Task In_a_Chinese_chat_the_refusal_is_in_Chinese()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "zh" });
        Fake.Enqueue(FakeLlmReply.Text("<nit>\nbrowser_click(target=\"#go\")\n</nit>"), FakeLlmReply.Text("好"));

        await ChatAsync("点一下");

        var feedback = Roles(StreamRequests[1])[^1].Text;
        Assert.Contains("工具 'browser_click' 已被禁用：它所属的工具组 'BrowserOps' 在配置中被关闭（Tools:Disabled）。", feedback, StringComparison.Ordinal);
    }
}
