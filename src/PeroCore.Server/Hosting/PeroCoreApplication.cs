using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Api;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// One PeroCore server: the web application composed from the settings (<see cref="PeroCoreServiceCollectionExtensions"/>)
/// and the HTTP API. Starting it takes the data folder's lock and opens the database and the engine
/// (<see cref="MemoryHost"/>), then listens; disposing it stops the server, waits for writes in flight, closes the
/// database and releases the folder.
/// </summary>
internal sealed class PeroCoreApplication : IAsyncDisposable
{
    private int _disposed;

    private PeroCoreApplication(WebApplication app) => App = app;

    /// <summary>The ASP.NET Core application.</summary>
    public WebApplication App { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>The validated settings.</summary>
    public PeroCoreSettings Settings => Services.GetRequiredService<PeroCoreSettings>();

    /// <summary>The open store (once started).</summary>
    public PeroStore Store => Services.GetRequiredService<MemoryHost>().Store;

    /// <summary>The memory engine over <see cref="Store"/> (once started).</summary>
    public MemoryEngine Engine => Services.GetRequiredService<MemoryHost>().Engine;

    /// <summary>The addresses the server listens on, once started.</summary>
    public IReadOnlyList<Uri> Addresses =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a)).ToList() ?? [];

    /// <summary>
    /// Builds the configuration (shipped appsettings.json, then ./appsettings.json, then <c>PEROCORE__</c>
    /// environment variables, then <paramref name="configure"/>, then the command line), checks every setting, and
    /// composes the application. Nothing is opened yet: <see cref="StartAsync"/> does that.
    /// </summary>
    /// <exception cref="SettingsException">A setting is invalid (the message lists every bad one).</exception>
    /// <param name="args">The command line.</param>
    /// <param name="configure">Adds configuration sources (before the command line).</param>
    /// <param name="configureServices">Changes the registrations last (tests: a fake scheduler clock).</param>
    public static Task<PeroCoreApplication> CreateAsync(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = "perocore",
            ContentRootPath = AppContext.BaseDirectory,
        });
        PeroCoreConfiguration.Apply(builder.Configuration, args, configure);

        // Every bad value at once, before anything is composed from them (the host validates again at start).
        var settings = PeroCoreSettings.Load(builder.Configuration);

        // A failed start is reported by the caller (PeroCoreCli: one line for a known cause, the whole exception
        // otherwise), so the host's own "Hosting failed to start" error and its stack trace are not logged. A
        // background service that fails later is still logged (Critical).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.Services
            .AddPeroServer()
            .AddPeroMemory()
            .AddPeroRealtime()
            .AddPeroAgent(backgroundScorer: settings.Agent.ScorerEnabled)
            .AddPeroVoice()
            .AddPeroScheduler()
            .AddPeroMcp()
            .AddPeroTerminal()
            .AddPeroSecretary();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        MapApi(app);
        return Task.FromResult(new PeroCoreApplication(app));
    }

    /// <summary>Opens the data folder and starts listening.</summary>
    /// <exception cref="DataFolderLockedException">Another process owns the data folder.</exception>
    /// <exception cref="SchemaVersionException">The database is from a newer PeroCore.</exception>
    /// <exception cref="DatabaseCorruptException">The database is damaged.</exception>
    /// <exception cref="IOException">The address is in use (inner <see cref="Microsoft.AspNetCore.Connections.AddressInUseException"/>).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await App.StartAsync(cancellationToken).ConfigureAwait(false);
        Services.GetRequiredService<MemoryHost>().Announce(Addresses);
    }

    /// <summary>Starts, then runs until Ctrl-C / SIGTERM (or <paramref name="cancellationToken"/>) and shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await App.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Stop unless the host stopped itself: this also closes what a failed start had opened.
        if (!Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.IsCancellationRequested)
        {
            await App.StopAsync().ConfigureAwait(false);
        }

        await App.DisposeAsync().ConfigureAwait(false);
    }

    private static void MapApi(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // First, so that the guard and the key check below see WebSocket handshakes as such (IsWebSocketRequest is
        // false until this middleware has run). One call for every socket (/ws/events, /ws/browser, /ws/voice).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseMiddleware<DriveByGuardMiddleware>();
        app.UseCors();
        Dashboard.Use(app);
        app.UseMiddleware<ApiKeyMiddleware>();
        SystemEndpoints.Map(app);
        ConfigEndpoints.Map(app);
        ModelEndpoints.Map(app);
        StateEndpoints.Map(app);
        HistoryEndpoints.Map(app);
        ActivityEndpoints.Map(app);
        MemoryEndpoints.Map(app);
        MemoryHistoryEndpoints.Map(app);
        DataEndpoints.Map(app);
        ChatEndpoints.Map(app);
        TaskEndpoints.Map(app);
        SchedulerEndpoints.Map(app);
        RealtimeEndpoints.Map(app);
        VoiceEndpoints.Map(app);
        McpEndpoints.Map(app);
        ConfirmationEndpoints.Map(app);
        MaintenanceEndpoints.Map(app);
        ToolSwitchEndpoints.Map(app);
        SetupEndpoints.Map(app);
        QueueEndpoints.Map(app);
        OpenApiDocumentation.Map(app);
    }
}
