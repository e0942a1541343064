using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Browser;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Confirmations;
using PeroCore.Agent.Events;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Mcp;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Scheduling;
using PeroCore.Agent.Scoring;
using PeroCore.Agent.Speech;
using PeroCore.Agent.Terminal;
using PeroCore.Agent.Tools;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;
using PeroCore.Server.Api;
using PeroCore.Server.Configuration;
using PeroCore.Server.Diagnostics;
using PeroCore.Server.Mcp;
using PeroCore.Server.Realtime;
using PeroCore.Server.Voice;

namespace PeroCore.Server.Hosting;

/// <summary>
/// The registrations of a PeroCore host, by part: settings, memory, agent, HTTP server. The libraries know nothing of
/// dependency injection; their types are registered here.
/// </summary>
internal static class PeroCoreServiceCollectionExtensions
{
    /// <summary>
    /// The memory engine: the embedding model (<c>Embedding:*</c>), the <see cref="MemoryHost"/> that owns the data
    /// folder's lock, the store and the engine for the host's lifetime, and the store's health.
    /// </summary>
    public static IServiceCollection AddPeroMemory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroSettings();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseHealth>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.CreateGenerator());
        services.TryAddSingleton<MemoryHost>();
        services.AddHostedService(sp => sp.GetRequiredService<MemoryHost>());
        services.AddHostedService<MemoryHistoryPruner>();

        // Open only while the host runs: resolve them from request handlers and services created after start.
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryHost>().Store);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryHost>().Engine);
        return services;
    }

    /// <summary>
    /// The agent: LLM clients and settings (<c>Llm:*</c>), prompts, the core NIT tools, the chat agent (<c>Agent:*</c>)
    /// and, with <paramref name="backgroundScorer"/>, the scorer that turns each exchange into a memory.
    /// </summary>
    public static IServiceCollection AddPeroAgent(this IServiceCollection services, bool backgroundScorer = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroMemory();

        // The agent's own option types, from the sections they are configured in.
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<LlmOptions>>().Value.ToClientOptions()));
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<LlmOptions>>().Value.ToHostOptions()));
        services.AddSingleton(sp =>
        {
            var agent = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            return Options.Create(new ScorerOptions
            {
                QueueCapacity = agent.ScorerQueueCapacity,
                MaxAttempts = agent.ScorerMaxAttempts,
                RetryDelay = TimeSpan.FromSeconds(agent.ScorerRetryDelaySeconds),
            });
        });
        services.AddSingleton(sp => new JunkGuardOptions { DuplicateSimilarity = sp.GetRequiredService<IOptions<AgentOptions>>().Value.DuplicateSimilarity });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NitOptions>>().Value.ToRuntimeOptions());
        services.AddOptions<ChatAgentOptions>().Configure<PeroCoreSettings>((options, settings) =>
        {
            options.MaxTurns = settings.Agent.MaxTurns;
            options.PromptTokenBudget = settings.Agent.PromptTokenBudget;
            options.ConfigDefaults = settings.UserDefaults;
            options.PetStateDefaults = settings.PetStateDefaults;
        });

        services.AddSingleton<LlmClientFactory>();
        services.AddSingleton<LlmSettingsResolver>();
        services.AddSingleton<PromptLibraryProvider>();
        services.AddSingleton<NitToolRegistry>(sp =>
        {
            var registry = CoreTools.CreateRegistry(
                sp.GetRequiredService<PeroStore>(), sp.GetRequiredService<MemoryEngine>(), sp.GetRequiredService<PeroCoreSettings>().PetStateDefaults);
            foreach (var source in sp.GetServices<IToolSource>())
            {
                registry.AddRange(source.CreateTools());
            }

            registry.Switch = sp.GetRequiredService<ToolSwitchState>().Evaluate; // Tools:Disabled and the dashboard's switches
            return registry;
        });
        services.AddPeroTools();
        services.AddSingleton<MemoryScorer>();
        if (backgroundScorer)
        {
            services.AddSingleton<ScorerService>();
            services.AddHostedService<ScorerWorker>();
        }

        services.AddPeroChat();
        services.AddHostedService<ChatShutdownService>();
        return services;
    }

    /// <summary>
    /// The built-in tool groups (<c>Tools:*</c>): memory, workspace (its folder created at start), web fetch, browser
    /// control (when the browser bridge is registered), work mode and system; the registry leaves out the groups
    /// <c>Tools:Disabled</c> lists.
    /// </summary>
    public static IServiceCollection AddPeroTools(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(BuiltInToolOptions)))
        {
            return services;
        }

        services.AddPeroMemory();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ToolsOptions>>().Value.ToToolOptions(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataPath));
        services.AddBuiltInTools(sp => sp.GetService<IBrowserBridge>(), sp => sp.GetRequiredService<PeroCoreSettings>().UserDefaults);
        services.AddHostedService<WorkspaceStartup>();
        services.TryAddSingleton<ToolSwitchState>();
        services.AddHostedService<ToolSwitchLoader>();
        return services;
    }

    /// <summary>
    /// The scheduler (<c>Scheduler:*</c>): its clock (the host's <see cref="TimeProvider"/> unless a test registered its
    /// own <see cref="SchedulerClock"/> first), the <see cref="ReminderScheduler"/>, its tools (<see cref="SchedulerTools"/>) and
    /// the <see cref="SchedulerWorker"/> that delivers due tasks. Needs <see cref="AddPeroAgent"/>.
    /// </summary>
    public static IServiceCollection AddPeroScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroSettings();
        services.TryAddSingleton(sp => new SchedulerClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<Configuration.SchedulerOptions>>().Value.ToAgentOptions()));
        services.TryAddSingleton<ReminderScheduler>();
        services.AddSingleton<IToolSource>(sp => new SchedulerTools(() => sp.GetRequiredService<ReminderScheduler>()));
        services.AddHostedService<SchedulerWorker>();
        return services;
    }

    /// <summary>
    /// Voice (<c>Voice:*</c>): the speech providers chosen by the active voice configurations, the TTS file folder and its
    /// cleanup, the open <c>/ws/voice</c> sockets (<see cref="VoiceConnections"/>, which can broadcast a frame to all of
    /// them) and the turn that runs for each utterance. Needs <see cref="AddPeroAgent"/>.
    /// </summary>
    public static IServiceCollection AddPeroVoice(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroSettings();
        services.AddPeroRealtime();
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<VoiceOptions>>().Value.ToSpeechOptions()));
        services.TryAddSingleton<SpeechProviders>();
        services.TryAddSingleton<VoiceAudioStore>();
        services.TryAddSingleton<VoiceConnections>();
        services.TryAddSingleton<VoiceTurnRunner>();
        services.TryAddSingleton<VoiceSession>();
        services.TryAddSingleton<VoiceAnnouncer>();
        services.AddHostedService<VoiceAudioCleanupService>();
        services.AddHostedService<VoiceEventRelay>();
        return services;
    }

    /// <summary>
    /// The HTTP server: Kestrel on <c>Server:Host</c>/<c>Server:Port</c> with the body limit, the shutdown timeout, host
    /// filtering on loopback, CORS for <c>Server:AllowedOrigins</c>, problem details, snake_case JSON, and the services
    /// the API uses.
    /// </summary>
    public static IServiceCollection AddPeroServer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroSettings();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, server) =>
        {
            kestrel.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes;
            kestrel.Listen(server.Value.ListenAddress, server.Value.Port);
        });
        services.AddOptions<HostOptions>().Configure<IOptions<ServerOptions>>((host, server) => host.ShutdownTimeout = server.Value.ShutdownTimeout);
        services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<ServerOptions>, IConfiguration>((filtering, server, configuration) =>
        {
            if (server.Value.IsLoopback && string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
            {
                // A loopback server answers only to loopback names, so a DNS-rebinding page (evil.example resolving to
                // 127.0.0.1) is refused by host filtering even though the browser treats it as same-origin.
                filtering.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"];
            }
        });
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ServerOptions>>((cors, server) =>
            cors.AddDefaultPolicy(p => p.WithOrigins([.. server.Value.Origins]).AllowAnyHeader().AllowAnyMethod()));
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UserSettings>();
        services.AddSingleton<HostMetrics>();
        services.AddPeroOpenApi();
        return services;
    }

    /// <summary>
    /// MCP both ways (<c>Mcp:*</c>): the client of the servers configured through <c>/api/mcp</c> (<see cref="McpBridge"/>,
    /// started lazily, its tools refreshed before each chat prompt, plus the <c>mcp_bridge</c> tool), and PeroCore's own
    /// MCP server (the MemoryOps tools, <see cref="MemoryMcpTools"/>) over Streamable HTTP, mapped at <c>/mcp</c>.
    /// </summary>
    public static IServiceCollection AddPeroMcp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroSettings();
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<McpOptions>>().Value.ToBridgeOptions()));
        services.TryAddSingleton<IMcpServerCatalog, StoreMcpServerCatalog>();
        services.TryAddSingleton<McpBridge>();
        services.AddSingleton<IToolRefresher>(sp => sp.GetRequiredService<McpBridge>());
        services.AddSingleton<IToolSource, McpToolSource>();
        services.TryAddSingleton<MemoryMcpTools>();
        services.AddMcpServer(o => o.ServerInfo = new ModelContextProtocol.Protocol.Implementation { Name = "PeroCore", Version = "1.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithListToolsHandler((context, _) => ValueTask.FromResult(context.Services!.GetRequiredService<MemoryMcpTools>().List()))
            .WithCallToolHandler((context, ct) => context.Services!.GetRequiredService<MemoryMcpTools>().CallAsync(context.Params, ct));
        return services;
    }

    /// <summary>
    /// The terminal tool (<c>Tools:Terminal:*</c>, off by default) and the confirmations it waits for
    /// (<see cref="ConfirmationBroker"/>, answered through <c>/api/confirmations</c>). Commands run in
    /// <c>Tools:WorkspaceDirectory</c> (default <c>&lt;data folder&gt;/workspace</c>).
    /// </summary>
    public static IServiceCollection AddPeroTerminal(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroSettings();
        services.TryAddSingleton(sp => new ConfirmationBroker(sp.GetService<IEventPublisher>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IToolSource>(sp =>
        {
            var terminal = sp.GetRequiredService<IOptions<TerminalOptions>>().Value;
            var configured = sp.GetRequiredService<IConfiguration>()["Tools:WorkspaceDirectory"];
            var data = sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataPath;
            var workspace = string.IsNullOrWhiteSpace(configured) ? Path.Combine(data, "workspace") : Path.GetFullPath(configured, data);
            return terminal.Enabled
                ? new TerminalToolSource(new TerminalToolOptions
                {
                    WorkspaceDirectory = workspace,
                    ConfirmationTimeout = TimeSpan.FromSeconds(terminal.ConfirmationTimeoutSeconds),
                    RunTimeout = TimeSpan.FromSeconds(terminal.TimeoutSeconds),
                    MaxOutputChars = terminal.MaxOutputChars,
                }, sp.GetRequiredService<ConfirmationBroker>())
                : new NoTools();
        });
        return services;
    }

    /// <summary>A tool source with no tools (a tool group switched off).</summary>
    private sealed class NoTools : IToolSource
    {
        public IEnumerable<NitTool> CreateTools() => [];
    }

    /// <summary>
    /// The realtime layer: the events hub (<see cref="IEventPublisher"/>, <c>Events:*</c>) with its outbox worker, and the
    /// browser bridge (<see cref="IBrowserBridge"/>, <c>Browser:*</c>). Register it before <see cref="AddPeroAgent"/> builds
    /// its first chat agent, or with it (the agent takes the publisher when there is one).
    /// </summary>
    public static IServiceCollection AddPeroRealtime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeroMemory();
        services.TryAddSingleton<EventHub>();
        services.TryAddSingleton<IEventPublisher>(sp => sp.GetRequiredService<EventHub>());
        services.AddHostedService<EventOutboxWorker>();
        services.TryAddSingleton<BrowserBridge>();
        services.TryAddSingleton<IBrowserBridge>(sp => sp.GetRequiredService<BrowserBridge>());
        return services;
    }
}
