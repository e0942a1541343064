namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Archival past the size boundary (no model call): when more than <see cref="MemorySecretaryOptions.ArchiveBoundary"/>
/// fragments are active, the older ones below <see cref="MemorySecretaryOptions.ArchiveKeepImportance"/> are archived
/// (at most 1000 a run). Archived memories leave recall; history and undo keep them.
/// </summary>
public sealed class ArchivalStep : SecretaryStep
{
    /// <inheritdoc/>
    public override string Name => "archival";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.Retired;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var beyond = await context.NewestAsync(SecretaryMemoryTypes.Fragments, 1000, context.Options.ArchiveBoundary, cancellationToken).ConfigureAwait(false);
        context.BatchSize = beyond.Count;
        var ops = beyond.Where(m => m.Importance < context.Options.ArchiveKeepImportance)
            .Select(m => (SecretaryOperation)new ArchiveMemoryOperation(m.Id)).ToList();
        return ops.Count == 0 ? null : new SecretaryPlan(ops, ops.Count);
    }
}
