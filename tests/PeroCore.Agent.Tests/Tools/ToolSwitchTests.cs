using PeroCore.Agent.Tools;

namespace PeroCore.Agent.Tests.Tools;

/// <summary><c>Tools:Disabled</c>: a switched-off group leaves the prompt docs and the native list, and a call to it fails clearly.</summary>
public sealed class ToolSwitchTests
{
    [Fact]
    public async Task A_disabled_group_is_gone_from_docs_and_native_tools_and_a_call_says_it_is_disabled_in_config()
    {
        await using var h = await ToolHarness.StartAsync(o => o with { Disabled = ["workspaceops", "WebOps"] });
        var docs = h.Registry.RenderDocumentation();
        Assert.DoesNotContain("read_workspace_file", docs, StringComparison.Ordinal);
        Assert.DoesNotContain("browser_fetch_text", docs, StringComparison.Ordinal);
        Assert.Contains("search_memories", docs, StringComparison.Ordinal);
        var natives = h.Registry.GetFunctionDefinitions().EnumerateArray().Select(d => d.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("write_workspace_file", natives);
        Assert.Contains("finish_task", natives);
        Assert.DoesNotContain(h.Registry.EnabledTools, t => t.Plugin == "WorkspaceOps");

        var result = await h.RunAsync("write_workspace_file(filename=\"a.txt\", content=\"x\")");
        Assert.False(result.IsSuccess);
        Assert.Contains("disabled", result.FirstError, StringComparison.Ordinal);
        Assert.Contains("Tools:Disabled", result.FirstError, StringComparison.Ordinal);
        Assert.False(File.Exists(h.Ws("a.txt")));

        var native = await h.Registry.InvokeJsonAsync("browser_fetch_text", "{\"url\":\"https://example.com\"}");
        Assert.False(native.IsSuccess);
        Assert.Contains("switched off in config", native.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoreOps_cannot_be_switched_off_and_nothing_listed_means_everything_is_on()
    {
        Assert.Null(ToolSwitches.Create([]));
        Assert.Null(ToolSwitches.Create(["CoreOps", " "]));
        await using var h = await ToolHarness.StartAsync(o => o with { Disabled = ["CoreOps"] });
        Assert.Equal(h.Registry.Tools.Count, h.Registry.EnabledTools.Count);
    }
}
