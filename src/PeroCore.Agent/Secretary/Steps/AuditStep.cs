using System.Text.Json;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Audit: contradictions, near-duplicates, garbage and outdated preferences (the older one loses) are archived.
/// Answer: <c>[id, ...]</c> or <c>{"archive": [id or {"id": id, "reason": "..."}]}</c>; every id must be in the batch.
/// </summary>
public sealed class AuditStep : SecretaryStep
{
    /// <inheritdoc/>
    public override string Name => "audit";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.Cleaned;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = await context.NewestAsync(SecretaryMemoryTypes.Audited, context.Options.BatchSize, 0, cancellationToken).ConfigureAwait(false);
        context.BatchSize = batch.Count;
        if (batch.Count < context.Options.ConsolidationMinBatch)
        {
            return null;
        }

        var answer = await context.AskAsync("secretary_audit",
            batch.Select(m => new { id = m.Id, content = m.Content, type = m.Type, time = SecretaryStepContext.TimeText(m.Timestamp) }).ToList(),
            0.2f, cancellationToken).ConfigureAwait(false);
        var list = SecretaryJson.ArrayOf(SecretaryJson.ExtractValue(answer), "archive");
        var ids = batch.Select(m => m.Id).ToHashSet();
        var chosen = new List<long>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"item {++index}";
            var idValue = item.ValueKind == JsonValueKind.Object
                ? SecretaryJson.Property(item, "id") ?? throw new SecretaryAnswerException($"{where}: an object needs \"id\".")
                : item;
            var id = SecretaryJson.InBatch(SecretaryJson.Id(idValue, where), ids, where);
            if (!chosen.Contains(id))
            {
                chosen.Add(id);
            }
        }

        return new SecretaryPlan(chosen.Select(id => (SecretaryOperation)new ArchiveMemoryOperation(id)).ToList(), chosen.Count);
    }
}
