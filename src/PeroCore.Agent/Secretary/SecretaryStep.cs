namespace PeroCore.Agent.Secretary;

/// <summary>
/// One step of a maintenance run: picks a bounded batch, asks the model (through the context, which counts calls),
/// and returns a validated <see cref="SecretaryPlan"/>, or null when there is nothing to do. It must not write:
/// the runner applies the plan in one transaction. A bad answer throws <see cref="SecretaryAnswerException"/>.
/// </summary>
public abstract class SecretaryStep
{
    /// <summary>Name in the record (<c>importance</c>, <c>consolidation</c>...).</summary>
    public abstract string Name { get; }

    /// <summary>The record count the step's plan adds to.</summary>
    public abstract SecretaryCounter Counter { get; }

    /// <summary>Plans the step.</summary>
    public abstract Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken);
}
