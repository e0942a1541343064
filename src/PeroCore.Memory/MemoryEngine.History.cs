using PeroCore.Memory.History;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory;

/// <summary>History, archive, batches, reverts, undo, purge and forgetting (see <see cref="MemoryHistoryEntry"/>).</summary>
public sealed partial class MemoryEngine
{
    /// <summary>Archives a memory: recall and lists leave it out unless asked; a history row records it. Null if it does not exist.</summary>
    public Task<MemoryRecord?> ArchiveAsync(long id, ChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.SetArchivedAsync(id, archived: true, origin, cancellationToken);
    }

    /// <summary>Brings an archived memory back. Null if it does not exist.</summary>
    public Task<MemoryRecord?> UnarchiveAsync(long id, ChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.SetArchivedAsync(id, archived: false, origin, cancellationToken);
    }

    /// <summary>
    /// Applies every operation in one transaction, or none (a failing operation throws, with its index in
    /// <c>Exception.Data["operation_index"]</c>, and nothing is written: rows, history, vectors, full text, graph).
    /// </summary>
    /// <exception cref="ArgumentException">A bad operation (unknown relation type, blank content, a reference to a later add...).</exception>
    /// <exception cref="KeyNotFoundException">A memory or relation that does not exist.</exception>
    public Task<BatchResult> ApplyBatchAsync(IReadOnlyList<MemoryOperation> operations, ChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.ApplyBatchAsync(operations, origin, cancellationToken);
    }

    /// <summary>The history of a memory (its rows and the import batches it came in), newest first.</summary>
    public Task<List<MemoryHistoryEntry>> GetHistoryAsync(long memoryId, CancellationToken cancellationToken = default) =>
        Store.Database.ReadAsync((c, ct) => HistoryStore.ForMemoryAsync(c, null, memoryId, ct), cancellationToken);

    /// <summary>One history row, or null.</summary>
    public Task<MemoryHistoryEntry?> GetHistoryEntryAsync(long historyId, CancellationToken cancellationToken = default) =>
        Store.Database.ReadAsync((c, ct) => HistoryStore.GetAsync(c, null, historyId, ct), cancellationToken);

    /// <summary>The changes of a maintenance run (memory id, op, before, after), in the order they were made.</summary>
    public async Task<IReadOnlyList<MemoryHistoryEntry>> GetRunChangesAsync(long runId, CancellationToken cancellationToken = default) =>
        await Store.Database.ReadAsync((c, ct) => HistoryStore.ForRunAsync(c, null, runId, ct), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Puts a memory back to its image before history row <paramref name="historyId"/> (for a create or an import: removes
    /// it) byte for byte: row, relations, time-axis place, vector, full text. The revert is a history row of its own.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such history row for this memory.</exception>
    /// <exception cref="HistoryConflictException">Nothing to revert, or the image names a memory that no longer exists.</exception>
    public Task<MemoryHistoryEntry> RevertAsync(long memoryId, long historyId, ChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.RevertAsync(memoryId, historyId, origin, cancellationToken);
    }

    /// <summary>
    /// Undoes maintenance run <paramref name="runId"/> exactly, in one transaction (see <see cref="HistoryConflictException"/>
    /// for when it is refused); returns the revert rows written (none when the run changed nothing).
    /// </summary>
    public Task<IReadOnlyList<long>> UndoRunAsync(long runId, ChangeOrigin origin, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.UndoRunAsync(runId, origin, cancellationToken);
    }

    /// <summary>Erases a memory and every trace of it in history, for good (no history row is written).</summary>
    public Task<PurgeReport> PurgeAsync(long memoryId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.PurgeAsync(memoryId, cancellationToken);
    }

    /// <summary>Deletes history rows older than <paramref name="retention"/> (by age only); returns how many.</summary>
    public Task<int> PruneHistoryAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        var cutoff = Options.Clock.GetUtcNow().Subtract(retention).ToUnixTimeMilliseconds();
        return Store.Database.WriteAsync((tx, ct) => HistoryStore.PruneAsync(tx, cutoff, ct), cancellationToken);
    }

    /// <summary>
    /// The forgetting pass: weighs every memory that is not archived and has been idle at least
    /// <see cref="ForgettingOptions.MinIdleDays"/> (strength: importance decayed by time since last access, reinforced by
    /// use) and archives those below the threshold, weakest first, in one transaction with a history row each (actor from
    /// <paramref name="origin"/>: "secretary" within a maintenance run, "system" otherwise). Nothing is deleted.
    /// </summary>
    public async Task<ForgettingReport> ForgetAsync(ChangeOrigin origin, ForgettingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        options ??= Options.Forgetting;
        options.Validate();
        var now = Options.Clock.GetUtcNow();
        var idleBefore = now.AddDays(-options.MinIdleDays).ToUnixTimeMilliseconds();
        var rows = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null, """
            SELECT id, base_importance, access_count, last_accessed, type FROM memory
            WHERE archived_at IS NULL AND last_accessed <= $idle
            """, r => (Id: r.GetInt64(0), Base: r.GetDouble(1), Access: r.GetInt32(2), Last: r.GetInt64(3), Type: r.GetString(4)), ct, ("$idle", idleBefore)),
            cancellationToken).ConfigureAwait(false);
        var weak = rows.Where(r => !options.ExemptTypes.Contains(r.Type, StringComparer.Ordinal))
            .Select(r => (r.Id, Strength: options.Strength(r.Base, r.Access, DateTimeOffset.FromUnixTimeMilliseconds(r.Last), now)))
            .Where(r => r.Strength < options.Threshold)
            .OrderBy(r => r.Strength).ThenBy(r => r.Id)
            .Take(options.MaxArchivedPerPass)
            .Select(r => r.Id)
            .ToList();
        if (weak.Count > 0)
        {
            await ApplyBatchAsync([.. weak.Select(MemoryOperation.Archive)], origin, cancellationToken).ConfigureAwait(false);
        }

        return new ForgettingReport(rows.Count, weak);
    }
}
