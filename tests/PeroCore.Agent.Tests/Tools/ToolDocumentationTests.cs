using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>The built-in tools are documented in both prompt languages.</summary>
public sealed class ToolDocumentationTests
{
    [Fact]
    public async Task Every_description_of_every_built_in_tool_has_a_Chinese_text()
    {
        await using var h = await ToolHarness.StartAsync();
        var chinese = ChatTexts.For(PromptLanguage.Chinese).Nit;
        var missing = new List<string>();
        foreach (var tool in h.Registry.Tools)
        {
            var texts = new List<string?> { tool.Description, tool.PluginDescription, tool.PluginDisplayName };
            texts.AddRange(tool.Parameters.Select(p => p.Description));
            missing.AddRange(texts.Where(t => !string.IsNullOrEmpty(t) && chinese.Translate(t!) == t).Select(t => $"{tool.Name}: {t}"));
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing.Distinct()));
        var docs = h.Registry.RenderDocumentation(texts: chinese);
        Assert.Contains("读取工作区中的文件", docs, StringComparison.Ordinal);
    }
}
