using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary;

/// <summary>
/// Interim writer over the engine's single-change API (no history yet): operations are applied one by one, an
/// archive sets the type to <c>archived</c>, and runs cannot be listed or undone. Replaced by the history-backed
/// writer when memory history exists.
/// </summary>
public sealed class EngineSecretaryChanges(MemoryEngine engine) : ISecretaryChanges
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<long>> ApplyAsync(long runId, IReadOnlyList<SecretaryOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var created = new List<long>();
        foreach (var op in operations)
        {
            switch (op)
            {
                case AddMemoryOperation add:
                    created.Add((await engine.AddAsync(add.Memory, cancellationToken).ConfigureAwait(false)).Id);
                    break;
                case UpdateMemoryOperation update:
                    _ = await engine.UpdateAsync(update.Id, update.Edit, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Memory {update.Id} does not exist.");
                    break;
                case ArchiveMemoryOperation archive:
                    _ = await engine.UpdateAsync(archive.Id, new MemoryEdit { Type = "archived" }, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Memory {archive.Id} does not exist.");
                    break;
                case RelateMemoriesOperation relate:
                    await engine.RelateAsync(relate.SourceId, relate.TargetId, relate.Type, relate.Strength, relate.Description, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new NotSupportedException($"Unknown operation {op.GetType().Name}.");
            }
        }

        return created;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SecretaryRunChange>> GetRunChangesAsync(long runId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Memory history is not available in this build.");

    /// <inheritdoc/>
    public Task UndoRunAsync(long runId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Memory history is not available in this build.");
}
