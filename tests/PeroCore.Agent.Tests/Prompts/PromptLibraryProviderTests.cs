using PeroCore.Agent.Prompts;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class PromptLibraryProviderTests
{
    [Fact]
    public async Task The_prompt_language_config_key_picks_the_set_and_edits_apply_after_invalidate()
    {
        using var dir = new TempFolder();
        await using var store = await PeroStore.OpenAsync(dir.File("perocore.db"));
        var user = Path.Combine(dir.Path, "prompts");
        var provider = new PromptLibraryProvider(Microsoft.Extensions.Options.Options.Create(new PromptLibraryOptions { UserFolder = user }));

        var english = await provider.GetForStoreAsync(store);
        await store.Config.SetAsync(PromptLibrary.LanguageConfigKey, "zh");
        var chinese = await provider.GetForStoreAsync(store);

        Assert.Equal(PromptLanguage.English, english.Language);
        Assert.Equal(PromptLanguage.Chinese, chinese.Language);
        Assert.Same(chinese, await provider.GetAsync(PromptLanguage.Chinese));

        Directory.CreateDirectory(Path.Combine(user, "zh"));
        await File.WriteAllTextAsync(Path.Combine(user, "zh", "no_memories.md"), "（空）");
        Assert.Equal("（此刻没有相关的记忆。）", (await provider.GetAsync(PromptLanguage.Chinese)).Templates["no_memories"].Text);
        provider.Invalidate();
        Assert.Equal("（空）", (await provider.GetAsync(PromptLanguage.Chinese)).Templates["no_memories"].Text);
    }
}
