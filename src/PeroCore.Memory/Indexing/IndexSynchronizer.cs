using Microsoft.Extensions.Logging;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// Keeps the memory and tag vector indexes in step with SQLite: catches them up from the change log at open (or
/// rebuilds them), remembers which change they contain, and saves them durably on a policy (every
/// <see cref="Ingestion.IngestionOptions.SaveEveryWrites"/> writes or <see cref="Ingestion.IngestionOptions.SaveInterval"/>)
/// and at shutdown.
/// </summary>
internal sealed partial class IndexSynchronizer(EngineContext context, IndexSyncStore rows, ReachabilityAudit audit)
{
    /// <summary>File name of the memory vector index inside the index folder.</summary>
    public const string MemoryIndexFile = "memory.usearch";

    /// <summary>File name of the tag vector index inside the index folder.</summary>
    public const string TagIndexFile = "tags.usearch";

    /// <summary>Vectors a rebuild stages before it inserts them (about 75 MB of 384-d float32 vectors).</summary>
    private const int RebuildBacklog = 50_000;

    private long _appliedSeq;
    private long _savedSeq;
    private long _tagSavedMax;
    private int _unsavedWrites;
    private long _firstUnsavedAtMs;

    /// <summary>
    /// Records a write applied to the in-memory structures (under the write gate): <paramref name="seq"/> is the
    /// change-log position it reached, or null when it logged no change.
    /// </summary>
    public void Applied(int count, long? seq = null)
    {
        if (seq is { } s)
        {
            _appliedSeq = s;
        }

        if (_unsavedWrites == 0)
        {
            _firstUnsavedAtMs = Environment.TickCount64;
        }

        _unsavedWrites += count;
    }

    /// <summary>Loads or rebuilds both indexes and replays what the saved memory index lacks.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var index = context.Index;
        var opened = index.OpenResult;
        var lastSeq = await rows.LastChangeAsync(cancellationToken).ConfigureAwait(false);
        var resetSeq = long.TryParse(await context.Store.EngineState.GetAsync(StoreReset.ResetStateKey, cancellationToken).ConfigureAwait(false),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0;
        var replayed = 0L;

        // An index saved before a reset or a restore holds rows that are gone: rebuild it, never replay over it.
        if (opened.NeedsRebuild || opened.Checkpoint > lastSeq || opened.Checkpoint < resetSeq)
        {
            if (opened.Status == VectorIndexLoadStatus.Missing && lastSeq == 0)
            {
                // A new data folder: nothing was ever written, so there is nothing to rebuild and nothing to warn about.
                LogFirstStart(context.Logger, MemoryIndexFile);
            }
            else
            {
                LogRebuild(context.Logger, MemoryIndexFile, opened.Status.ToString(), opened.Detail ?? "no file");
            }

            index.Clear();
            replayed = await rows.ForEachMemoryVectorAsync(context.ModelKey, batch =>
            {
                UpsertBounded(index, batch);
                audit.Queue(batch.Select(b => b.Key));
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (opened.Checkpoint < lastSeq)
        {
            var changes = await rows.ChangedSinceAsync(opened.Checkpoint, cancellationToken).ConfigureAwait(false);
            await audit.LoadAsync(opened.Checkpoint, cancellationToken).ConfigureAwait(false);
            var live = await rows.VectorsAsync(changes, context.ModelKey, cancellationToken).ConfigureAwait(false);
            foreach (var id in changes)
            {
                audit.Forget(id);
                if (live.TryGetValue(id, out var vector))
                {
                    index.Upsert(id, vector);
                    audit.Queue([(id, vector)]);
                }
                else
                {
                    index.Remove(id);
                }
            }

            replayed = changes.Count;
            LogCaughtUp(context.Logger, replayed, opened.Checkpoint, lastSeq);
        }
        else
        {
            await audit.LoadAsync(opened.Checkpoint, cancellationToken).ConfigureAwait(false);
        }

        _appliedSeq = lastSeq;
        _savedSeq = replayed == 0 ? lastSeq : 0;

        var tagIndex = context.TagIndex;
        var tagOpened = tagIndex.OpenResult;
        var maxTag = await rows.MaxTagIdAsync(cancellationToken).ConfigureAwait(false);
        if (tagOpened.NeedsRebuild || tagOpened.Checkpoint != maxTag)
        {
            tagIndex.Clear();
            await rows.ForEachTagVectorAsync(context.ModelKey, batch => tagIndex.UpsertMany(batch), cancellationToken).ConfigureAwait(false);
            _tagSavedMax = -1;
        }
        else
        {
            _tagSavedMax = maxTag;
        }

        if (_savedSeq != _appliedSeq || _tagSavedMax < 0)
        {
            await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rebuilds both indexes from SQLite after a reset or a restore replaced the rows (the caller holds the write
    /// gate), then saves them with the current change-log position.
    /// </summary>
    public async Task ReloadLockedAsync(CancellationToken cancellationToken)
    {
        context.Index.Clear();
        audit.Clear();
        await rows.ForEachMemoryVectorAsync(context.ModelKey, batch =>
        {
            UpsertBounded(context.Index, batch);
            audit.Queue(batch.Select(b => b.Key));
        }, cancellationToken).ConfigureAwait(false);
        context.TagIndex.Clear();
        await rows.ForEachTagVectorAsync(context.ModelKey, batch => context.TagIndex.UpsertMany(batch), cancellationToken).ConfigureAwait(false);
        _appliedSeq = await rows.LastChangeAsync(cancellationToken).ConfigureAwait(false);
        _savedSeq = -1;
        _tagSavedMax = -1;
        await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves both indexes durably with the change they contain.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await context.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.WriteGate.Release();
        }
    }

    /// <summary>Saves both indexes; the caller holds the write gate.</summary>
    public async Task SaveLockedAsync(CancellationToken cancellationToken)
    {
        if (context.Options.IndexDirectory is null)
        {
            _savedSeq = _appliedSeq;
            _unsavedWrites = 0;
            return;
        }

        var seq = _appliedSeq;
        if (seq != _savedSeq)
        {
            await context.Index.SaveAsync(seq, cancellationToken).ConfigureAwait(false);
            await audit.SaveAsync(seq, cancellationToken).ConfigureAwait(false);
            _savedSeq = seq;
            await rows.PruneChangesAsync(seq, cancellationToken).ConfigureAwait(false);
        }

        var maxTag = await rows.MaxTagIdAsync(cancellationToken).ConfigureAwait(false);
        if (maxTag != _tagSavedMax)
        {
            await context.TagIndex.SaveAsync(maxTag, cancellationToken).ConfigureAwait(false);
            _tagSavedMax = maxTag;
        }

        _unsavedWrites = 0;
    }

    /// <summary>The background loop: audits new vectors once they are in the graph, and saves when the policy says so.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (audit.HasUnaudited && context.Index.PendingCount == 0)
            {
                try
                {
                    await audit.AuditAsync(2000, cancellationToken).ConfigureAwait(false);
                }
                catch (DatabaseCorruptException ex)
                {
                    LogDamaged(context.Logger, ex);
                }
            }

            // A save drains every pending vector into the graph while holding the write gate; during a bulk import
            // that would stall the writers. Durability does not depend on it (SQLite has every committed write and
            // the change log replays what the saved index lacks), so wait for the backlog unless it is overdue.
            if (!SaveIsDue() || (context.Index.PendingCount > 0 && !SaveIsOverdue()))
            {
                continue;
            }

            try
            {
                await SaveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or VectorIndexException or UnauthorizedAccessException or DatabaseCorruptException)
            {
                LogSaveFailed(context.Logger, ex);
            }
        }
    }

    /// <summary>The final save at shutdown (errors are logged: the next start rebuilds or catches up).</summary>
    public async Task SaveAtShutdownAsync()
    {
        var pending = context.Index.PendingCount;
        if (pending > context.Options.Ingestion.ShutdownDrainLimit)
        {
            LogShutdownSaveSkipped(context.Logger, pending, context.Options.Ingestion.ShutdownDrainLimit);
            return;
        }

        try
        {
            await SaveLockedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or VectorIndexException or UnauthorizedAccessException or DatabaseCorruptException)
        {
            LogSaveFailed(context.Logger, ex);
        }
    }

    /// <summary>
    /// Deletes the index files of a folder (the embedding model changed, or a repair: they are rebuilt). Returns the
    /// names of the deleted files.
    /// </summary>
    public static IReadOnlyList<string> DeleteIndexFiles(string? directory)
    {
        var deleted = new List<string>();
        if (directory is null)
        {
            return deleted;
        }

        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*.usearch*") : [])
        {
            File.Delete(file);
            deleted.Add(Path.GetFileName(file));
        }

        return deleted;
    }

    /// <summary>
    /// Stages a batch of a rebuild and, once <see cref="RebuildBacklog"/> vectors wait, inserts them into the graph
    /// before reading more: a rebuild of a million memories holds the graph and one slice of float32 vectors, never
    /// every vector twice.
    /// </summary>
    private static void UpsertBounded(VectorIndex index, List<VectorEntry> batch)
    {
        index.UpsertMany(batch);
        if (index.PendingCount >= RebuildBacklog)
        {
            index.FlushPending();
        }
    }

    private bool SaveIsDue() =>
        _unsavedWrites >= context.Options.Ingestion.SaveEveryWrites ||
        (_unsavedWrites > 0 && Environment.TickCount64 - _firstUnsavedAtMs >= context.Options.Ingestion.SaveInterval.TotalMilliseconds);

    private bool SaveIsOverdue() =>
        _unsavedWrites > 0 && Environment.TickCount64 - _firstUnsavedAtMs >= 10 * context.Options.Ingestion.SaveInterval.TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Index not saved at shutdown: {Pending} vectors were still waiting for the HNSW graph (more than {Limit}); the next start inserts them from the database")]
    private static partial void LogShutdownSaveSkipped(ILogger logger, int pending, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding {File} from the database ({Status}: {Detail})")]
    private static partial void LogRebuild(ILogger logger, string file, string status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vector index caught up: {Count} memories changed between checkpoint {From} and {To}")]
    private static partial void LogCaughtUp(ILogger logger, long count, long from, long to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Creating {File} for a new data folder")]
    private static partial void LogFirstStart(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background work stopped: the database is damaged")]
    private static partial void LogDamaged(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the vector indexes failed; they will be rebuilt or caught up at the next start")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
