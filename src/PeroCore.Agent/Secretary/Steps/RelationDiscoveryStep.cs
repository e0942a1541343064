using System.Text.Json;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Relation discovery: pairs of a recent memory and an older one recall finds for it (with no relation yet, in either
/// direction) are shown to the model, which says which are related, how (associative, causal, thematic,
/// contradictory), how strongly (0..1) and why. Answer: <c>[{"a": id, "b": id, "type": "...", "strength": 0.7,
/// "description": "..."}]</c> (or <c>{"relations": [...]}</c>); every pair must be one that was shown.
/// </summary>
public sealed class RelationDiscoveryStep : SecretaryStep
{
    /// <summary>The relation types the model may choose.</summary>
    public static IReadOnlyList<string> Types { get; } = [RelationTypes.Associative, RelationTypes.Causal, RelationTypes.Thematic, RelationTypes.Contradictory];

    /// <inheritdoc/>
    public override string Name => "relations";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.None;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var anchors = await context.NewestAsync(SecretaryMemoryTypes.Audited, context.Options.RelationAnchors, 0, cancellationToken).ConfigureAwait(false);
        var pairs = new List<(MemoryRecord A, MemoryRecord B)>();
        var seen = new HashSet<(long, long)>();
        foreach (var anchor in anchors)
        {
            var related = (await context.Store.Relations.ListForMemoryAsync(anchor.Id, cancellationToken).ConfigureAwait(false))
                .Select(r => r.SourceId == anchor.Id ? r.TargetId : r.SourceId).ToHashSet();
            var recalled = await context.Engine.RecallAsync(new RecallRequest
            {
                Query = anchor.Content,
                Options = RecallOptions.Default with { Limit = context.Options.RelationCandidates + 10, IncludeContext = false },
            }, cancellationToken).ConfigureAwait(false);
            var taken = 0;
            foreach (var hit in recalled.Memories)
            {
                var b = hit.Memory;
                var older = b.Timestamp < anchor.Timestamp || (b.Timestamp == anchor.Timestamp && b.Id < anchor.Id);
                if (b.Id == anchor.Id || !older || related.Contains(b.Id) || !seen.Add((Math.Min(anchor.Id, b.Id), Math.Max(anchor.Id, b.Id))))
                {
                    continue;
                }

                pairs.Add((anchor, b));
                if (++taken >= context.Options.RelationCandidates || pairs.Count >= context.Options.BatchSize)
                {
                    break;
                }
            }

            if (pairs.Count >= context.Options.BatchSize)
            {
                break;
            }
        }

        context.BatchSize = pairs.Count;
        if (pairs.Count == 0)
        {
            return null;
        }

        var answer = await context.AskAsync("secretary_relations", pairs.Select(p => new
        {
            a = Show(p.A),
            b = Show(p.B),
        }).ToList(), 0.1f, cancellationToken).ConfigureAwait(false);
        var list = SecretaryJson.ArrayOf(SecretaryJson.ExtractValue(answer), "relations");
        var offered = pairs.ToDictionary(p => (Math.Min(p.A.Id, p.B.Id), Math.Max(p.A.Id, p.B.Id)), p => p);
        var chosen = new HashSet<(long, long)>();
        var ops = new List<SecretaryOperation>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"relation {++index}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new SecretaryAnswerException($"{where}: expected an object.");
            }

            if (SecretaryJson.Property(item, "has_relation") is { ValueKind: JsonValueKind.False })
            {
                continue;
            }

            var a = SecretaryJson.Id(SecretaryJson.Property(item, "a") ?? SecretaryJson.Property(item, "source") ?? default, where);
            var b = SecretaryJson.Id(SecretaryJson.Property(item, "b") ?? SecretaryJson.Property(item, "target") ?? default, where);
            var key = (Math.Min(a, b), Math.Max(a, b));
            if (!offered.TryGetValue(key, out var pair))
            {
                throw new SecretaryAnswerException($"{where}: the pair {a}-{b} was not shown.");
            }

            if (!chosen.Add(key))
            {
                throw new SecretaryAnswerException($"{where}: the pair {a}-{b} appears twice.");
            }

            var type = SecretaryJson.Property(item, "type") is { ValueKind: JsonValueKind.String } t ? t.GetString()!.Trim().ToLowerInvariant() : null;
            if (type is null || !Types.Contains(type, StringComparer.Ordinal))
            {
                throw new SecretaryAnswerException($"{where}: type must be one of {string.Join(", ", Types)}.");
            }

            if (SecretaryJson.Property(item, "strength") is not { ValueKind: JsonValueKind.Number } s || !double.IsFinite(s.GetDouble()) || s.GetDouble() is < 0 or > 1)
            {
                throw new SecretaryAnswerException($"{where}: strength must be a number from 0 to 1.");
            }

            var description = SecretaryJson.Property(item, "description") is { ValueKind: JsonValueKind.String } d && d.GetString()!.Trim() is { Length: > 0 } text
                ? text.Length <= 300 ? text : throw new SecretaryAnswerException($"{where}: description longer than 300 characters.")
                : null;

            // The recent memory is the source, as the original's dream job does.
            ops.Add(new RelateMemoriesOperation(pair.A.Id, pair.B.Id, type, Math.Round(s.GetDouble(), 4), description));
        }

        return new SecretaryPlan(ops, ops.Count);
    }

    private static object Show(MemoryRecord m) => new
    {
        id = m.Id,
        content = m.Content,
        tags = m.Tags,
        time = SecretaryStepContext.TimeText(m.Timestamp),
    };

}
