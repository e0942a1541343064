namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Forgetting (no model call): memory history's forgetting pass within the run (importance decayed by idle time,
/// reinforced by use; below the threshold a memory is archived, never deleted), so the run's undo brings them back.
/// </summary>
public sealed class ForgettingStep : SecretaryStep
{
    /// <inheritdoc/>
    public override string Name => "forgetting";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.Retired;

    /// <inheritdoc/>
    public override Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var changes = context.Changes;
        var runId = context.RunId;
        return Task.FromResult<SecretaryPlan?>(new SecretaryPlan([], 0) { ApplyPass = ct => changes.ForgetAsync(runId, ct) });
    }
}
