using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Scoring;
using PeroCore.Agent.Tools;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Api;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// One running PeroCore server: settings loaded and validated, the data folder locked, the database migrated,
/// the HTTP API built. Disposing stops the server, waits for writes in flight and releases the folder.
/// </summary>
public sealed class PeroCoreApplication : IAsyncDisposable
{
    private readonly DataFolderLock _lock;
    private int _disposed;

    private readonly IDisposable _embedder;

    private PeroCoreApplication(WebApplication app, PeroCoreSettings settings, PeroStore store, MemoryEngine engine, IDisposable embedder, DataFolderLock folderLock)
    {
        App = app;
        Settings = settings;
        Store = store;
        Engine = engine;
        _embedder = embedder;
        _lock = folderLock;
    }

    /// <summary>The ASP.NET Core application.</summary>
    public WebApplication App { get; }

    /// <summary>The validated settings.</summary>
    public PeroCoreSettings Settings { get; }

    /// <summary>The open store.</summary>
    public PeroStore Store { get; }

    /// <summary>The memory engine over <see cref="Store"/>.</summary>
    public MemoryEngine Engine { get; }

    /// <summary>The addresses the server listens on, once started.</summary>
    public IReadOnlyList<Uri> Addresses =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a)).ToList() ?? [];

    /// <summary>
    /// Builds the configuration (shipped appsettings.json, then ./appsettings.json, then <c>PEROCORE__</c>
    /// environment variables, then <paramref name="configure"/>, then the command line), validates it, locks
    /// the data folder, opens the database and builds the app.
    /// </summary>
    /// <exception cref="SettingsException">A setting is invalid.</exception>
    /// <exception cref="DataFolderLockedException">Another process owns the data folder.</exception>
    /// <exception cref="SchemaVersionException">The database is from a newer PeroCore.</exception>
    public static async Task<PeroCoreApplication> CreateAsync(string[] args, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = "perocore",
            ContentRootPath = AppContext.BaseDirectory,
        });
        PeroCoreConfiguration.Apply(builder.Configuration, args, configure);
        var settings = PeroCoreSettings.Load(builder.Configuration);

        var folderLock = DataFolderLock.Acquire(settings.Server.DataPath, "serve");
        PeroStore? store = null;
        MemoryEngine? engine = null;
        ILoggerFactory? loggerFactory = null;
        var embedder = settings.Embedding.CreateGenerator();
        try
        {
            store = await PeroStore.OpenAsync(Path.Combine(settings.Server.DataPath, "perocore.db"), cancellationToken: cancellationToken).ConfigureAwait(false);
            loggerFactory = LoggerFactory.Create(b => b.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());
            engine = await MemoryEngine.OpenAsync(store, embedder, settings.Memory.ToEngineOptions(settings.Server.DataPath), loggerFactory, cancellationToken).ConfigureAwait(false);
            var app = Build(builder, settings, store, engine, embedder);
            return new PeroCoreApplication(app, settings, store, engine, new CompositeDisposable(embedder, loggerFactory), folderLock);
        }
        catch
        {
            if (engine is not null)
            {
                await engine.DisposeAsync().ConfigureAwait(false);
            }

            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            embedder.Dispose();
            loggerFactory?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <summary>Runs until Ctrl-C / SIGTERM, then shuts down gracefully.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => App.RunAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await App.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Already stopping.
        }

        await App.DisposeAsync().ConfigureAwait(false);
        await Engine.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        _embedder.Dispose();
        _lock.Dispose();
    }

    private static WebApplication Build(WebApplicationBuilder builder, PeroCoreSettings settings, PeroStore store, MemoryEngine engine,
        Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> embedder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (string.Equals(settings.Server.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.Listen(IPAddress.Loopback, settings.Server.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(settings.Server.Host), settings.Server.Port);
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Server.ShutdownTimeout);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Server);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(embedder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new UserSettings(store.Config, settings.UserDefaults));
        AddAgent(builder.Services, settings, store, engine);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<JsonOnlyMiddleware>();
        SystemEndpoints.Map(app);
        ConfigEndpoints.Map(app);
        ModelEndpoints.Map(app);
        StateEndpoints.Map(app);
        HistoryEndpoints.Map(app);
        MemoryEndpoints.Map(app);
        ChatEndpoints.Map(app);
        TaskEndpoints.Map(app);
        return app;
    }

    /// <summary>The chat agent, its LLM plumbing and the background scorer.</summary>
    private static void AddAgent(IServiceCollection services, PeroCoreSettings settings, PeroStore store, MemoryEngine engine)
    {
        var agent = settings.Agent;
        services.AddSingleton(sp => new LlmClientFactory(Options.Create(new LlmClientOptions { MaxRetries = agent.LlmMaxRetries }), sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => new LlmSettingsResolver(store, Options.Create(agent.Llm), sp.GetService<ILogger<LlmSettingsResolver>>()));
        services.AddSingleton(_ => new PromptLibraryProvider());
        services.AddSingleton(_ => new ChatTaskRegistry());
        services.AddSingleton(_ => CoreTools.CreateRegistry(store, engine, settings.PetStateDefaults));
        services.AddSingleton(sp => new MemoryScorer(store, engine, sp.GetRequiredService<LlmSettingsResolver>(), sp.GetRequiredService<LlmClientFactory>(),
            sp.GetRequiredService<PromptLibraryProvider>(), sp.GetService<ILogger<MemoryScorer>>()));
        if (agent.ScorerEnabled)
        {
            services.AddSingleton(sp => new ScorerService(sp.GetRequiredService<MemoryScorer>(), store, agent.ScorerQueueCapacity, sp.GetService<ILogger<ScorerService>>()));
            services.AddHostedService<ScorerHost>();
        }

        services.AddSingleton(sp => new ChatAgent(store, engine,
            sp.GetRequiredService<LlmSettingsResolver>(), sp.GetRequiredService<LlmClientFactory>(), sp.GetRequiredService<PromptLibraryProvider>(),
            sp.GetRequiredService<PeroCore.Nit.Tools.NitToolRegistry>(), sp.GetRequiredService<ChatTaskRegistry>(),
            new ChatAgentOptions
            {
                MaxTurns = agent.MaxTurns,
                PromptTokenBudget = agent.PromptTokenBudget,
                ConfigDefaults = settings.UserDefaults,
                PetStateDefaults = settings.PetStateDefaults,
            },
            sp.GetService<ScorerService>(), sp.GetService<TimeProvider>(), sp.GetService<ILogger<ChatAgent>>()));
    }

    /// <summary>Starts the scorer with the host and stops it before the engine closes.</summary>
    private sealed class ScorerHost(ScorerService scorer) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            scorer.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => scorer.StopAsync();
    }

    private sealed class CompositeDisposable(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
