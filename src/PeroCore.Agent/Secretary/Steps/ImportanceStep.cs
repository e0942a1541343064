using System.Text.Json;
using PeroCore.Memory.Ingestion;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Importance tagging: memories nobody rated yet (importance 1) get an importance 1-10 and extra tags.
/// Answer: <c>{"&lt;id&gt;": {"importance": n, "tags": [...]}}</c>; every id must be in the batch.
/// </summary>
public sealed class ImportanceStep : SecretaryStep
{
    /// <inheritdoc/>
    public override string Name => "importance";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.ImportantTagged;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = (await context.NewestAsync(SecretaryMemoryTypes.Fragments, 1000, 0, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Importance <= 1).Take(context.Options.BatchSize).ToList();
        context.BatchSize = batch.Count;
        if (batch.Count == 0)
        {
            return null;
        }

        var answer = await context.AskAsync("secretary_importance",
            batch.Select(m => new { id = m.Id, content = m.Content, tags = m.Tags, time = SecretaryStepContext.TimeText(m.Timestamp) }).ToList(),
            0.2f, cancellationToken).ConfigureAwait(false);
        var root = SecretaryJson.ExtractValue(answer);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SecretaryAnswerException("Expected a JSON object keyed by memory id.");
        }

        var byId = batch.ToDictionary(m => m.Id);
        var ids = byId.Keys.ToHashSet();
        var seen = new HashSet<long>();
        var ops = new List<SecretaryOperation>();
        foreach (var entry in root.EnumerateObject())
        {
            var where = $"entry \"{entry.Name}\"";
            if (!long.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                throw new SecretaryAnswerException($"{where}: the key is not a memory id.");
            }

            SecretaryJson.InBatch(id, ids, where);
            if (!seen.Add(id))
            {
                throw new SecretaryAnswerException($"{where}: memory {id} appears twice.");
            }

            if (entry.Value.ValueKind != JsonValueKind.Object || SecretaryJson.Property(entry.Value, "importance") is not { } imp)
            {
                throw new SecretaryAnswerException($"{where}: expected an object with \"importance\".");
            }

            var importance = SecretaryJson.Importance(imp, where);
            var tags = SecretaryJson.Tags(SecretaryJson.Property(entry.Value, "tags") ?? SecretaryJson.Property(entry.Value, "tag"), where);
            var memory = byId[id];
            var merged = memory.Tags.Concat(tags.Where(t => !memory.Tags.Contains(t, StringComparer.Ordinal))).ToList();
            if (importance == memory.Importance && merged.Count == memory.Tags.Count)
            {
                continue;
            }

            ops.Add(new UpdateMemoryOperation(id, new MemoryEdit
            {
                Importance = importance == memory.Importance ? null : importance,
                Tags = merged.Count == memory.Tags.Count ? null : merged,
            }));
        }

        return new SecretaryPlan(ops, ops.Count);
    }
}
