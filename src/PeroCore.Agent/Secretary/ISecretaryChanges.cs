namespace PeroCore.Agent.Secretary;

/// <summary>
/// How the secretary writes: every step's operations in one transaction, recorded under the run's id, so a run can
/// be listed change by change and undone exactly.
/// </summary>
public interface ISecretaryChanges
{
    /// <summary>Applies <paramref name="operations"/> all or none; returns the ids of the memories added, in order.</summary>
    Task<IReadOnlyList<long>> ApplyAsync(long runId, IReadOnlyList<SecretaryOperation> operations, CancellationToken cancellationToken = default);

    /// <summary>Runs the forgetting pass within run <paramref name="runId"/>; returns the memories it archived.</summary>
    Task<IReadOnlyList<long>> ForgetAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The changes of a run, in the order they were made.</summary>
    Task<IReadOnlyList<SecretaryRunChange>> GetRunChangesAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reverts every change of a run. Throws <see cref="SecretaryUndoConflictException"/> (nothing reverted) when a
    /// later change touched one of its memories.
    /// </summary>
    Task UndoRunAsync(long runId, CancellationToken cancellationToken = default);
}
