using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Agent.Tests.Llm;
using PeroCore.Agent.Tools;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests.Chat;

/// <summary>A chat agent over a temp store, the hashing embedder and the fake LLM, with its events recorded.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly TempFolder _dir = new();
    private readonly HashingEmbeddingGenerator _embedder = new();
    private readonly LlmClientFactory _factory = LlmTestKit.Factory(LlmTestKit.FastOptions(maxRetries: 0));
    private ServiceProvider? _services;

    private AgentHarness()
    {
    }

    public FakeLlmServer Fake { get; private set; } = null!;

    public PeroStore Store { get; private set; } = null!;

    public MemoryEngine Engine { get; private set; } = null!;

    public ChatAgent Agent { get; private set; } = null!;

    public List<ChatEvent> Events { get; } = [];

    public string Visible => string.Concat(Events.Where(e => e.Kind is ChatEventKind.Text or ChatEventKind.Error).Select(e => e.Text));

    public static async Task<AgentHarness> StartAsync(ChatAgentOptions? options = null)
    {
        var h = new AgentHarness();
        h.Fake = await FakeLlmServer.StartAsync();
        h.Store = await PeroStore.OpenAsync(h._dir.File("perocore.db"));
        h.Engine = await MemoryEngine.OpenAsync(h.Store, h._embedder, new MemoryEngineOptions { IndexDirectory = h._dir.Path });
        await h.Store.Config.SetManyAsync(new Dictionary<string, string>
        {
            ["global_llm_api_base"] = h.Fake.BaseUrl,
            ["global_llm_api_key"] = "sk-test",
            ["ppc.modelName"] = "fake-model",
        });
        options ??= new ChatAgentOptions();
        var services = new ServiceCollection()
            .AddSingleton(h.Store)
            .AddSingleton(h.Engine)
            .AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(h._embedder)
            .AddSingleton(new LlmSettingsResolver(h.Store))
            .AddSingleton(h._factory)
            .AddSingleton<PromptLibraryProvider>()
            .AddSingleton(CoreTools.CreateRegistry(h.Store, h.Engine, options.PetStateDefaults))
            .AddSingleton(Options.Create(options))
            .AddPeroChat();
        h._services = services.BuildServiceProvider();
        h.Agent = h._services.GetRequiredService<ChatAgent>();
        return h;
    }

    public async Task<ChatOutcome> ChatAsync(string user, string session = "default")
    {
        ChatOutcome? outcome = null;
        await foreach (var e in Agent.RunAsync(new ChatRequest { Messages = [new(ChatRole.User, user)], SessionId = session }))
        {
            if (e is ChatCompletedEvent completed)
            {
                outcome = completed.Outcome;
            }
            else
            {
                Events.Add(e);
            }
        }

        return outcome ?? throw new InvalidOperationException("The run ended without a completed event.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Engine.DisposeAsync();
        await Store.DisposeAsync();
        await Fake.DisposeAsync();
        _factory.Dispose();
        _embedder.Dispose();
        _dir.Dispose();
    }
}
