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

    private AgentHarness()
    {
    }

    public FakeLlmServer Fake { get; private set; } = null!;

    public PeroStore Store { get; private set; } = null!;

    public MemoryEngine Engine { get; private set; } = null!;

    public ChatAgent Agent { get; private set; } = null!;

    public List<ChatEvent> Events { get; } = [];

    public string Visible => string.Concat(Events.Where(e => e.Kind == ChatEventKind.Text).Select(e => e.Text));

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
        var tools = CoreTools.CreateRegistry(h.Store, h.Engine, options.PetStateDefaults);
        h.Agent = new ChatAgent(h.Store, h.Engine, new LlmSettingsResolver(h.Store), h._factory, new PromptLibraryProvider(), tools,
            new ChatTaskRegistry(), options);
        return h;
    }

    public Task<ChatOutcome> ChatAsync(string user, string session = "default") =>
        Agent.RunAsync(new ChatRequest { Messages = [new(Microsoft.Extensions.AI.ChatRole.User, user)], SessionId = session }, Record);

    private ValueTask Record(ChatEvent e, CancellationToken ct)
    {
        Events.Add(e);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Store.DisposeAsync();
        await Fake.DisposeAsync();
        _factory.Dispose();
        _embedder.Dispose();
        _dir.Dispose();
    }
}
