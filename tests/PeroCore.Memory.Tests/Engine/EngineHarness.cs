using Microsoft.Extensions.AI;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Storage;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>A store plus engine in a temp folder with a fixed clock (NOW = 1,700,000,000,000 ms).</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly TempFolder _dir = new();

    private EngineHarness(IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryEngineOptions options)
    {
        Embedder = embedder;
        Options = options with { IndexDirectory = _dir.File("index"), Clock = new FixedClock(Now) };
    }

    public IEmbeddingGenerator<string, Embedding<float>> Embedder { get; }

    public MemoryEngineOptions Options { get; private set; }

    public PeroStore Store { get; private set; } = null!;

    public MemoryEngine Engine { get; private set; } = null!;

    public string IndexDirectory => Options.IndexDirectory!;

    public string DatabasePath => _dir.File("perocore.db");

    /// <summary>The original's setting: SeedCompat recall, no cheap relations.</summary>
    public static MemoryEngineOptions SeedOptions { get; } = new()
    {
        Recall = RecallOptions.SeedCompat,
        Graph = PeroCore.Memory.Graph.MemoryGraphOptions.Default,
        Ingestion = new IngestionOptions { MaxNeighbourLinks = 0, MaxTagLinks = 0 },
    };

    public static async Task<EngineHarness> StartAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryEngineOptions? options = null)
    {
        var h = new EngineHarness(embedder, options ?? SeedOptions);
        await h.OpenAsync();
        return h;
    }

    public async Task OpenAsync()
    {
        Store = await PeroStore.OpenAsync(DatabasePath, new PeroDatabaseOptions { Clock = Options.Clock });
        Engine = await MemoryEngine.OpenAsync(Store, Embedder, Options);
    }

    /// <summary>Closes engine and store (indexes saved), then opens them again.</summary>
    public async Task ReopenAsync(MemoryEngineOptions? options = null)
    {
        await CloseAsync();
        if (options is not null)
        {
            Options = options with { IndexDirectory = Options.IndexDirectory, Clock = Options.Clock };
        }

        await OpenAsync();
    }

    public async Task CloseAsync()
    {
        await Engine.DisposeAsync();
        await Store.DisposeAsync();
    }

    public Task<MemoryRecord> AddAsync(string content, TimeSpan age, int importance = 1, IReadOnlyList<string>? tags = null) =>
        Engine.AddAsync(new NewMemory { Content = content, Timestamp = Now - age, Importance = importance, Tags = tags ?? [] });

    /// <summary>Cuts every time-axis link (the §10 "isolated" memories), then reopens so the graph is rebuilt.</summary>
    public async Task IsolateAllAsync()
    {
        await Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "UPDATE memory SET prev_id = NULL, next_id = NULL", ct));
        await ReopenAsync();
    }

    public Task<RecallResult> RecallAsync(string query = "query", RecallFilter? filter = null, RecallOptions? options = null, int limit = 10) =>
        Engine.RecallAsync(new RecallRequest
        {
            Query = query,
            Filter = filter ?? RecallFilter.None,
            Options = (options ?? Options.Recall) with { Limit = limit },
        });

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _dir.Dispose();
    }
}
