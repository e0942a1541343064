using System.Text.Json;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Consolidation: related fragments of the batch become one narrative memory. Answer:
/// <c>[{"ids_to_merge": [...], "new_content": "...", "tags": [...], "importance": n}]</c> (or <c>{"merges": [...]}</c>).
/// Every merge needs at least two distinct ids of the batch and no id may be in two merges, or the whole answer is
/// refused. The new memory is embedded, placed on the time axis at its newest source's time, and linked
/// <c>derived_from</c> to each source; the sources are archived, not deleted.
/// </summary>
public sealed class ConsolidationStep : SecretaryStep
{
    /// <summary>Source of the merged memories (the original's value).</summary>
    public const string MergeSource = "secretary_merge";

    /// <inheritdoc/>
    public override string Name => "consolidation";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.Consolidated;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = await context.NewestAsync(SecretaryMemoryTypes.Fragments, context.Options.BatchSize, 0, cancellationToken).ConfigureAwait(false);
        context.BatchSize = batch.Count;
        if (batch.Count < context.Options.ConsolidationMinBatch)
        {
            return null;
        }

        var answer = await context.AskAsync("secretary_consolidation",
            batch.Select(m => new { id = m.Id, content = m.Content, time = SecretaryStepContext.TimeText(m.Timestamp) }).ToList(),
            0.4f, cancellationToken).ConfigureAwait(false);
        var merges = SecretaryJson.ArrayOf(SecretaryJson.ExtractValue(answer), "merges");
        var byId = batch.ToDictionary(m => m.Id);
        var ids = byId.Keys.ToHashSet();
        var used = new HashSet<long>();
        var ops = new List<SecretaryOperation>();
        var count = 0;
        var index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            var where = $"merge {++index}";
            if (merge.ValueKind != JsonValueKind.Object || SecretaryJson.Property(merge, "ids_to_merge") is not { ValueKind: JsonValueKind.Array } idList)
            {
                throw new SecretaryAnswerException($"{where}: expected an object with an array \"ids_to_merge\".");
            }

            var sources = idList.EnumerateArray().Select(v => SecretaryJson.InBatch(SecretaryJson.Id(v, where), ids, where)).Distinct().ToList();
            if (sources.Count < 2)
            {
                throw new SecretaryAnswerException($"{where}: a merge needs at least two memories of the batch, it names {sources.Count}.");
            }

            foreach (var source in sources)
            {
                if (!used.Add(source))
                {
                    throw new SecretaryAnswerException($"{where}: memory {source} is already in another merge.");
                }
            }

            var content = SecretaryJson.Text(SecretaryJson.Property(merge, "new_content") ?? default, $"{where} new_content");
            var tags = SecretaryJson.Tags(SecretaryJson.Property(merge, "tags"), where);
            var importance = SecretaryJson.Property(merge, "importance") is { ValueKind: not JsonValueKind.Null } imp ? SecretaryJson.Importance(imp, where) : 3;
            var newest = sources.Select(s => byId[s]).MaxBy(m => (m.Timestamp, m.Id))!;
            ops.Add(new AddMemoryOperation(new NewMemory
            {
                Content = content,
                Tags = tags,
                Importance = importance,
                Source = MergeSource,
                Type = "event",
                Timestamp = newest.Timestamp,
            }, sources));
            ops.AddRange(sources.Select(s => new ArchiveMemoryOperation(s)));
            count++;
        }

        return new SecretaryPlan(ops, count);
    }
}
