using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests;

/// <summary>The public services can be registered as singletons in a host's container.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Factory_resolver_and_prompt_provider_resolve_from_a_container_and_work_together()
    {
        using var dir = new TempFolder();
        await using var store = await PeroStore.OpenAsync(dir.File("perocore.db"));
        await using var server = await FakeLlmServer.StartAsync();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(store)
            .AddSingleton<LlmClientFactory>()
            .AddSingleton<LlmSettingsResolver>()
            .AddSingleton<PromptLibraryProvider>();
        services.Configure<LlmClientOptions>(_ => { });
        services.Configure<LlmHostOptions>(_ => { });
        await using var provider = services.BuildServiceProvider();
        await store.Config.SetManyAsync(new Dictionary<string, string>
        {
            ["global_llm_api_base"] = server.BaseUrl,
            ["ppc.modelName"] = "legacy-model",
        });

        var endpoint = await provider.GetRequiredService<LlmSettingsResolver>().ResolveAsync();
        var library = await provider.GetRequiredService<PromptLibraryProvider>().GetForStoreAsync(store);
        var system = new PromptComposer(library).BuildSystemPrompt(new SystemPromptContext { NitId = "ABCD" });
        using var client = provider.GetRequiredService<LlmClientFactory>().Create(endpoint);
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, system.Text), new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("ok", response.Text);
        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("legacy-model", request.Body!.Value.GetProperty("model").GetString());
        Assert.Null(request.Header("Authorization"));
        Assert.Contains("<nit-ABCD>", request.Messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(endpoint, client.GetService<LlmEndpoint>());
        Assert.Equal(server.BaseUrl + "/v1/chat/completions", client.GetService<ChatClientMetadata>()?.ProviderUri?.ToString());
    }
}
