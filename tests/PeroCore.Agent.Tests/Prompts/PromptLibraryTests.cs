using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class PromptLibraryTests
{
    private static readonly string[] ExpectedTemplates =
    [
        "system", "identity", "user_context", "memory_section", "nit_usage", "output_style", "no_memories", "no_tools",
        "default_owner_name", "default_user_persona", "scorer", "scorer_input", "scorer_input_system_event", "reflection", "reflection_input",
        "voice_input",
        "secretary_importance", "secretary_consolidation", "secretary_audit", "secretary_preferences", "secretary_pet_lines", "secretary_relations",
        "secretary_daily_summary",
    ];

    [Theory]
    [InlineData(PromptLanguage.English)]
    [InlineData(PromptLanguage.Chinese)]
    public async Task Both_languages_ship_the_same_templates_embedded_and_on_disk(PromptLanguage language)
    {
        var embedded = await PromptLibrary.LoadAsync(language, new PromptLibraryOptions { ShippedFolder = null });
        var onDisk = await PromptLibrary.LoadAsync(language, new PromptLibraryOptions { UseEmbedded = false });

        Assert.Equal(ExpectedTemplates.Order(), embedded.Templates.Keys.Order());
        Assert.Equal(ExpectedTemplates.Order(), onDisk.Templates.Keys.Order());
        Assert.All(embedded.Templates.Values, t => Assert.StartsWith("embedded:", t.Source, StringComparison.Ordinal));
        Assert.All(onDisk.Templates.Values, t => Assert.True(File.Exists(t.Source)));
        Assert.All(embedded.Templates.Values, t => Assert.Equal(t.Text, onDisk.Templates[t.Name].Text));
        Assert.All(embedded.Templates.Values, t => Assert.DoesNotContain("description:", t.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_folder_overrides_single_templates_and_adds_new_ones()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "en"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "en", "identity.md"), "---\ndescription: mine\n---\r\nYou are {{companion_name}}, a grumpy cat.\r\n");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "en", "extra.txt"), "extra {{owner_name}}");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "en", "notes.json"), "ignored");

        var library = await PromptLibrary.LoadAsync(PromptLanguage.English, new PromptLibraryOptions { UserFolder = dir.Path });

        Assert.Equal("You are {{companion_name}}, a grumpy cat.", library.Templates["identity"].Text);
        Assert.Equal(Path.Combine(dir.Path, "en", "identity.md"), library.Templates["identity"].Source);
        Assert.Contains("extra", library.Templates.Keys);
        Assert.DoesNotContain("notes", library.Templates.Keys);
        Assert.EndsWith(Path.Combine("Prompts", "en", "scorer.md"), library.Templates["scorer"].Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, PromptLanguage.English)]
    [InlineData("", PromptLanguage.English)]
    [InlineData("en", PromptLanguage.English)]
    [InlineData("fr", PromptLanguage.English)]
    [InlineData("zh", PromptLanguage.Chinese)]
    [InlineData(" zh-CN ", PromptLanguage.Chinese)]
    [InlineData("中文", PromptLanguage.Chinese)]
    public void The_language_setting_is_parsed_leniently(string? value, PromptLanguage expected) =>
        Assert.Equal(expected, PromptLibrary.ParseLanguage(value));
}
