using Microsoft.Extensions.AI;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>A verb's hold on a data folder: its lock, the store and the memory engine, released in reverse order.</summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private readonly DataFolderLock _lock;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;

    private EngineSession(DataFolderLock folderLock, PeroStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryEngine engine)
    {
        _lock = folderLock;
        Store = store;
        _embedder = embedder;
        Engine = engine;
    }

    /// <summary>The store.</summary>
    public PeroStore Store { get; }

    /// <summary>The engine.</summary>
    public MemoryEngine Engine { get; }

    /// <summary>
    /// Takes the folder's lock for <paramref name="verb"/> (failing fast if another process holds it) and opens the
    /// engine; <paramref name="adjust"/>, if given, changes the engine options the settings produce.
    /// </summary>
    public static async Task<EngineSession> OpenAsync(PeroCoreSettings settings, string verb, CancellationToken cancellationToken,
        Func<MemoryEngineOptions, MemoryEngineOptions>? adjust = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folderLock = DataFolderLock.Acquire(settings.Server.DataPath, verb);
        PeroStore? store = null;
        IEmbeddingGenerator<string, Embedding<float>>? embedder = null;
        try
        {
            store = await PeroStore.OpenAsync(settings.Server.DatabasePath, settings.Server.DatabaseOptions, cancellationToken).ConfigureAwait(false);
            embedder = settings.Embedding.CreateGenerator();
            var options = settings.MemoryIndex.ToEngineOptions(settings.Server.DataPath);
            var engine = await MemoryEngine.OpenAsync(store, embedder, adjust is null ? options : adjust(options), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new EngineSession(folderLock, store, embedder, engine);
        }
        catch
        {
            embedder?.Dispose();
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            folderLock.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        _embedder.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }
}
