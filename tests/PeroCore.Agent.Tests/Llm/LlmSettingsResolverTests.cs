using Microsoft.Extensions.Options;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests.Llm;

public sealed class LlmSettingsResolverTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _dir = new();
    private PeroStore _store = null!;

    public async Task InitializeAsync() => _store = await PeroStore.OpenAsync(_dir.File("perocore.db"));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private LlmSettingsResolver Resolver(LlmHostOptions? host = null) => new(_store, host is null ? null : Options.Create(host));

    private Task SetAsync(params (string Key, string Value)[] values) =>
        _store.Config.SetManyAsync(values.ToDictionary(v => v.Key, v => v.Value));

    private async Task<long> CardAsync(string name, string model, string providerType = "global", string? key = null, string? apiBase = null,
        double temperature = 0.5, double? topP = null, int? maxTokens = null) =>
        (await _store.Models.InsertAsync(new ModelConfigRecord
        {
            Name = name,
            ModelId = model,
            ProviderType = providerType,
            ApiKey = key,
            ApiBase = apiBase,
            Temperature = temperature,
            TopP = topP,
            MaxTokens = maxTokens,
        })).Id;

    [Fact]
    public async Task A_global_card_uses_the_global_key_and_base_and_its_own_sampling_settings()
    {
        var id = await CardAsync("主模型", "fake-model", temperature: 0.5, topP: 0.8, maxTokens: 512);
        await SetAsync(("global_llm_api_base", "http://127.0.0.1:9/v1"), ("global_llm_api_key", "sk-global"), ("current_model_id", id.ToString()));

        var endpoint = await Resolver().ResolveAsync();

        Assert.Equal("http://127.0.0.1:9/v1", endpoint.BaseUrl);
        Assert.Equal("sk-global", endpoint.ApiKey);
        Assert.Equal("fake-model", endpoint.Model);
        Assert.Equal(0.5, endpoint.Temperature);
        Assert.Equal(0.8, endpoint.TopP);
        Assert.Equal(512, endpoint.MaxTokens);
        Assert.Equal("主模型", endpoint.CardName);
        Assert.DoesNotContain("sk-global", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_card_uses_its_own_endpoint_and_never_receives_the_global_key()
    {
        var withKey = await CardAsync("custom-a", "model-a", "custom", key: "sk-card", apiBase: "https://llm.example.com");
        var keyless = await CardAsync("custom-b", "model-b", "custom", apiBase: "http://127.0.0.1:11434/v1");
        await SetAsync(("global_llm_api_base", "https://global.example.com"), ("global_llm_api_key", "sk-global"), ("current_model_id", withKey.ToString()));

        var a = await Resolver().ResolveAsync();
        await SetAsync(("current_model_id", keyless.ToString()));
        var b = await Resolver().ResolveAsync();

        Assert.Equal(("https://llm.example.com", "sk-card", "model-a"), (a.BaseUrl, a.ApiKey, a.Model));
        Assert.Equal(("http://127.0.0.1:11434/v1", null, "model-b"), (b.BaseUrl, b.ApiKey, b.Model));
    }

    [Fact]
    public async Task Nothing_configured_is_a_distinct_error_that_says_how_to_configure()
    {
        var ex = await Assert.ThrowsAsync<LlmNotConfiguredException>(() => Resolver().ResolveAsync());

        Assert.Equal(LlmErrorKind.NotConfigured, ex.Kind);
        foreach (var hint in new[] { "global_llm_api_key", "global_llm_api_base", "current_model_id", "POST /api/configs", "POST /api/models" })
        {
            Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
        }

        Assert.Null(await Resolver().TryResolveAsync());
    }

    [Fact]
    public async Task A_global_card_with_neither_key_nor_base_is_not_configured()
    {
        var id = await CardAsync("A", "m-a");
        await SetAsync(("current_model_id", id.ToString()));

        var ex = await Assert.ThrowsAsync<LlmNotConfiguredException>(() => Resolver().ResolveAsync());

        Assert.Contains("'A'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyless_local_endpoint_is_valid()
    {
        var id = await CardAsync("ollama", "qwen2.5:0.5b");
        await SetAsync(("global_llm_api_base", "http://127.0.0.1:11434"), ("current_model_id", id.ToString()));

        var endpoint = await Resolver().ResolveAsync();

        Assert.False(endpoint.HasApiKey);
        Assert.Equal("http://127.0.0.1:11434", endpoint.BaseUrl);
    }

    [Fact]
    public async Task Without_a_card_the_host_defaults_apply_and_the_config_table_overrides_them()
    {
        var host = new LlmHostOptions { BaseUrl = "http://host.example:8080", ApiKey = "sk-host", Model = "host-model", Temperature = 0.2 };

        var fromHost = await Resolver(host).ResolveAsync();
        await SetAsync(("global_llm_api_base", "http://config.example:9000/v1"), ("global_llm_api_key", "sk-config"));
        var fromConfig = await Resolver(host).ResolveAsync();

        Assert.Equal(("http://host.example:8080", "sk-host", "host-model", 0.2), (fromHost.BaseUrl, fromHost.ApiKey, fromHost.Model, fromHost.Temperature));
        Assert.Equal(("http://config.example:9000/v1", "sk-config", "host-model"), (fromConfig.BaseUrl, fromConfig.ApiKey, fromConfig.Model));
    }

    [Fact]
    public async Task A_current_model_id_naming_a_deleted_card_falls_back_or_fails_clearly()
    {
        await SetAsync(("global_llm_api_key", "sk"), ("current_model_id", "999"));

        var ex = await Assert.ThrowsAsync<LlmNotConfiguredException>(() => Resolver().ResolveAsync());
        var fallback = await Resolver(new LlmHostOptions { Model = "gpt-4o-mini" }).ResolveAsync();

        Assert.Contains("current_model_id", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(("https://api.openai.com", "gpt-4o-mini", null), (fallback.BaseUrl, fallback.Model, fallback.CardName));
    }

    [Fact]
    public async Task Roles_pick_their_own_cards_with_the_documented_fallbacks()
    {
        var main = await CardAsync("main", "m-main");
        var scorer = await CardAsync("scorer", "m-scorer");
        var reflection = await CardAsync("reflection", "m-reflection");
        await SetAsync(("global_llm_api_key", "sk"), ("current_model_id", main.ToString()));
        var resolver = Resolver();

        Assert.Equal("m-main", (await resolver.ResolveAsync(LlmRole.Scorer)).Model);
        Assert.Equal("m-main", (await resolver.ResolveAsync(LlmRole.Secretary)).Model);
        Assert.Null(await resolver.TryResolveAsync(LlmRole.Reflection));

        await SetAsync(("scorer_model_id", scorer.ToString()), ("reflection_model_id", reflection.ToString()));
        Assert.Equal("m-scorer", (await resolver.ResolveAsync(LlmRole.Scorer)).Model);
        var off = await Assert.ThrowsAsync<LlmNotConfiguredException>(() => resolver.ResolveAsync(LlmRole.Reflection));
        Assert.Contains("reflection_enabled", off.Message, StringComparison.Ordinal);

        await SetAsync(("reflection_enabled", "true"));
        Assert.Equal("m-reflection", (await resolver.ResolveAsync(LlmRole.Reflection)).Model);
        Assert.Equal("m-main", (await resolver.ResolveAsync(LlmRole.Chat)).Model);
    }

    [Fact]
    public async Task An_invalid_base_url_is_reported_as_not_configured()
    {
        await SetAsync(("global_llm_api_base", "not a url"), ("global_llm_api_key", "sk"));

        var ex = await Assert.ThrowsAsync<LlmNotConfiguredException>(() => Resolver(new LlmHostOptions { Model = "m" }).ResolveAsync());

        Assert.Contains("'not a url'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("global_llm_api_base", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolved_endpoint_chats_with_the_configured_server()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("你好，", "主人！"));
        var id = await CardAsync("主模型", "fake-model", temperature: 0.5);
        await SetAsync(("global_llm_api_base", server.BaseUrlV1), ("global_llm_api_key", "sk-test"), ("current_model_id", id.ToString()));
        using var factory = LlmTestKit.Factory();

        using var client = factory.Create(await Resolver().ResolveAsync());
        var updates = await LlmTestKit.CollectAsync(client.GetStreamingResponseAsync(LlmTestKit.Conversation()));

        Assert.Equal("你好，主人！", string.Concat(updates.Select(u => u.Text)));
        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("Bearer sk-test", request.Header("Authorization"));
        Assert.Equal(0.5, request.Body!.Value.GetProperty("temperature").GetDouble(), 6);
    }
}
