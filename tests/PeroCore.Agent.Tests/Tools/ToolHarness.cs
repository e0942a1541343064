using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Tools;
using PeroCore.Agent.Tools.Memory;
using PeroCore.Agent.Tools.Session;
using PeroCore.Agent.Tools.Web;
using PeroCore.Agent.Tools.Workspace;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>
/// The built-in tools over a real store (hashing embedder) and a temp workspace at <c>&lt;temp&gt;/data/workspace</c>,
/// behind a NIT runtime: tests run scripts as the model would.
/// </summary>
internal sealed class ToolHarness : IAsyncDisposable
{
    private readonly TempFolder _dir = new();
    private WebFetcher? _fetcher;

    private ToolHarness()
    {
    }

    /// <summary>The temp folder; the data folder and the workspace are inside it, and tests put "outside" files here.</summary>
    public string Folder => _dir.Path;

    public string Workspace => Path.Combine(_dir.Path, "data", "workspace");

    public PeroStore Store { get; private set; } = null!;

    public MemoryEngine Engine { get; private set; } = null!;

    public NitToolRegistry Registry { get; private set; } = null!;

    public NitRuntime Runtime { get; private set; } = null!;

    public BuiltInToolOptions Options { get; private set; } = null!;

    public static async Task<ToolHarness> StartAsync(Func<BuiltInToolOptions, BuiltInToolOptions>? configure = null)
    {
        var h = new ToolHarness();
        Directory.CreateDirectory(Path.Combine(h._dir.Path, "data"));
        h.Store = await PeroStore.OpenAsync(Path.Combine(h._dir.Path, "data", "perocore.db"));
        h.Engine = await MemoryEngine.OpenAsync(h.Store, new HashingEmbeddingGenerator(), new MemoryEngineOptions { IndexDirectory = Path.Combine(h._dir.Path, "data") });
        var options = new BuiltInToolOptions { WorkspaceDirectory = h.Workspace, DataFolderName = "data", FetchTimeout = TimeSpan.FromSeconds(10) };
        h.Options = configure?.Invoke(options) ?? options;
        var paths = new WorkspacePaths(h.Options.WorkspaceDirectory);
        paths.EnsureCreated();
        h._fetcher = new WebFetcher(h.Options);
        h.Registry = CoreTools.CreateRegistry(h.Store, h.Engine, new PetStateRecord { Mood = "happy", Vibe = "calm", Mind = "-" });
        IToolSource[] sources =
        [
            new MemoryToolSource(h.Engine, h.Store),
            new WorkspaceToolSource(paths, h.Options),
            new WebToolSource(h._fetcher, h.Options),
            new SessionToolSource(new WorkModeSessions(), h.Engine),
            new SystemToolSource(h.Store, h.Options),
        ];
        foreach (var source in sources)
        {
            h.Registry.AddRange(source.CreateTools());
        }

        h.Registry.Switch = ToolSwitches.Create(h.Options.Disabled);
        h.Runtime = new NitRuntime(h.Registry);
        return h;
    }

    /// <summary>Runs a NIT script in a chat of <paramref name="session"/> answering in <paramref name="language"/>.</summary>
    public async Task<NitExecutionResult> RunAsync(string script, PromptLanguage language = PromptLanguage.English, string session = "default")
    {
        var state = new ChatToolState("desktop", session, null) { Language = language };
        return await Runtime.ExecuteAsync(script, state.ToContext());
    }

    /// <summary>Runs a one-statement script that must succeed; returns its value as text.</summary>
    public async Task<string> OkAsync(string script, PromptLanguage language = PromptLanguage.English)
    {
        var result = await RunAsync(script, language);
        Assert.True(result.IsSuccess, $"{script}\n=> {result.FirstError}\n{result.Output}");
        return Convert.ToString(result.Statements[^1].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>Runs a one-statement script that must fail; returns the statement's error.</summary>
    public async Task<string> ErrorAsync(string script, PromptLanguage language = PromptLanguage.English)
    {
        var result = await RunAsync(script, language);
        Assert.False(result.IsSuccess, $"{script} should have failed but returned: {result.Output}");
        var error = result.FirstError;
        Assert.False(string.IsNullOrEmpty(error));
        return error!;
    }

    public string Ws(params string[] parts) => Path.Combine([Workspace, .. parts]);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Engine.DisposeAsync();
        await Store.DisposeAsync();
        _fetcher?.Dispose();
        _dir.Dispose();
    }
}
