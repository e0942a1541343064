using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Api;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// Owns the data folder for one run of the server. When the host starts (before the web server listens: the web
/// server is the last hosted service) it takes the folder's lock, opens the database (migrating it and, with
/// <c>Server:CheckDatabase</c>, checking it) and opens the memory engine; when the host stops (after the web server
/// stopped) it closes them in reverse order and releases the lock last.
/// </summary>
/// <remarks>
/// Start fails with <see cref="DataFolderLockedException"/>, <see cref="SchemaVersionException"/> or
/// <see cref="DatabaseCorruptException"/>; whatever was opened is closed again first, so the lock is released.
/// </remarks>
internal sealed class MemoryHost(
    IOptions<ServerOptions> server,
    IOptions<MemoryIndexOptions> index,
    IOptions<MemoryHistoryOptions> history,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    DatabaseHealth health,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private DataFolderLock? _lock;
    private PeroStore? _store;
    private MemoryEngine? _engine;

    /// <summary>The open store (once the host started).</summary>
    public PeroStore Store => Volatile.Read(ref _store) ?? throw NotOpen();

    /// <summary>The open memory engine (once the host started).</summary>
    public MemoryEngine Engine => Volatile.Read(ref _engine) ?? throw NotOpen();

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = server.Value;
        try
        {
            _lock = DataFolderLock.Acquire(settings.DataPath, "serve");
            var store = await PeroStore.OpenAsync(settings.DatabasePath, settings.DatabaseOptions, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _store, store);
            health.Watch(store.Database);

            var engine = await MemoryEngine.OpenAsync(store, embedder, index.Value.ToEngineOptions(settings.DataPath) with { Forgetting = history.Value.ToForgettingOptions() }, loggerFactory, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _engine, engine);
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes the address the server listens on beside the lock, so <c>perocore backup</c> can ask this server.</summary>
    public void Announce(IReadOnlyList<Uri> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0 || _lock is not { } folderLock)
        {
            return;
        }

        var address = addresses[0];
        if (address.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
        {
            address = new UriBuilder(address) { Host = address.Host == "0.0.0.0" ? "127.0.0.1" : "[::1]" }.Uri;
        }

        folderLock.Announce(address);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => CloseAsync().AsTask();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync();

    private async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _engine, null) is { } engine)
        {
            await engine.DisposeAsync().ConfigureAwait(false); // waits for background work, saves the indexes
        }

        if (Interlocked.Exchange(ref _store, null) is { } store)
        {
            await store.DisposeAsync().ConfigureAwait(false); // checkpoints the WAL
        }

        Interlocked.Exchange(ref _lock, null)?.Dispose();
    }

    private static InvalidOperationException NotOpen() =>
        new("The memory store opens when the host starts (PeroCoreApplication.StartAsync) and closes when it stops.");
}
