using PeroCore.Memory;
using PeroCore.Memory.History;
using PeroCore.Memory.Storage;
using HistoryAdd = PeroCore.Memory.History.AddMemoryOperation;
using HistoryArchive = PeroCore.Memory.History.ArchiveMemoryOperation;
using HistoryUpdate = PeroCore.Memory.History.UpdateMemoryOperation;

namespace PeroCore.Agent.Secretary;

/// <summary>
/// The secretary's writer over memory history: a step's operations go to <see cref="MemoryEngine.ApplyBatchAsync"/>
/// (one transaction, actor <c>secretary</c>, the run's id on every history row); a merged memory's sources are linked
/// <c>derived_from</c> from it and its history op is <c>merge</c>; a run is listed with
/// <see cref="MemoryEngine.GetRunChangesAsync"/> and undone with <see cref="MemoryEngine.UndoRunAsync"/>.
/// </summary>
public sealed class HistorySecretaryChanges(MemoryEngine engine) : ISecretaryChanges
{
    /// <summary>Strength of a <c>derived_from</c> relation from a merged memory to each source.</summary>
    public const double DerivedFromStrength = 1.0;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<long>> ApplyAsync(long runId, IReadOnlyList<SecretaryOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var batch = operations.Select(op => op switch
        {
            AddMemoryOperation add => (MemoryOperation)new HistoryAdd(add.Memory,
                add.DerivedFrom.Select(s => new BatchRelation(0, s, RelationTypes.DerivedFrom, DerivedFromStrength)).ToList(),
                add.DerivedFrom.Count > 0 ? MemoryHistoryOps.Merge : MemoryHistoryOps.Create),
            UpdateMemoryOperation update => new HistoryUpdate(update.Id, update.Edit),
            ArchiveMemoryOperation archive => new HistoryArchive(archive.Id),
            RelateMemoriesOperation relate => new RelateMemoryOperation(relate.SourceId, relate.TargetId, relate.Type, relate.Strength, relate.Description),
            _ => throw new NotSupportedException($"Unknown operation {op.GetType().Name}."),
        }).ToList();
        var result = await engine.ApplyBatchAsync(batch, ChangeOrigin.Secretary(runId), cancellationToken).ConfigureAwait(false);
        return result.CreatedIds;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<long>> ForgetAsync(long runId, CancellationToken cancellationToken = default) =>
        (await engine.ForgetAsync(ChangeOrigin.Secretary(runId), null, cancellationToken).ConfigureAwait(false)).Archived;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SecretaryRunChange>> GetRunChangesAsync(long runId, CancellationToken cancellationToken = default) =>
        (await engine.GetRunChangesAsync(runId, cancellationToken).ConfigureAwait(false))
        .Select(e => new SecretaryRunChange(e.Id, e.MemoryId ?? 0, e.Op, e.CreatedAt,
            WithoutVector(e.Before), WithoutVector(e.After)))
        .ToList();

    /// <summary>An image as JSON text without the embedding bytes (a diff view does not need 1.5 KB of base64 per memory).</summary>
    private static string? WithoutVector(System.Text.Json.Nodes.JsonObject? image)
    {
        if (image is null)
        {
            return null;
        }

        var copy = (System.Text.Json.Nodes.JsonObject)image.DeepClone();
        if (copy["memory"] is System.Text.Json.Nodes.JsonObject row && row.ContainsKey("embedding"))
        {
            row.Remove("embedding");
        }

        return copy.ToJsonString();
    }

    /// <inheritdoc/>
    public async Task UndoRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        try
        {
            // The reverts are the owner's act (actor api), not part of the run they undo.
            await engine.UndoRunAsync(runId, ChangeOrigin.Api, cancellationToken).ConfigureAwait(false);
        }
        catch (HistoryConflictException ex)
        {
            throw new SecretaryUndoConflictException(ex.Message, ex.ConflictingRunId, ex);
        }
    }
}
