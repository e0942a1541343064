using System.Globalization;
using System.Text.Json;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Reflection's daily summary (spec memory §5): the trivial memories of a quiet day (older than the lookback, below
/// the importance bar, at least the minimum group) become one <c>summary</c> memory placed at the day's first
/// memory's time and linked <c>derived_from</c> to each; the day's memories are archived. One model call per day,
/// oldest day first, within the run's budget. Answer: <c>{"summary": "...", "importance": n}</c>.
/// </summary>
public sealed class DailySummaryStep : SecretaryStep
{
    /// <inheritdoc/>
    public override string Name => "daily_summary";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.Consolidated;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Options;
        var old = await context.Store.Memories.ListAsync(new MemoryListQuery
        {
            Types = SecretaryMemoryTypes.Fragments,
            Until = context.Now.AddDays(-o.DailySummaryLookbackDays),
            Limit = 1000,
        }, cancellationToken).ConfigureAwait(false);
        var days = old.Where(m => m.Importance < o.DailySummaryMaxImportance)
            .GroupBy(m => DateOnly.FromDateTime(m.Timestamp.ToLocalTime().DateTime))
            .Where(g => g.Count() >= o.DailySummaryMinGroup)
            .OrderBy(g => g.Key)
            .ToList();
        context.BatchSize = days.Sum(d => d.Count());
        if (days.Count == 0)
        {
            return null;
        }

        var ops = new List<SecretaryOperation>();
        var summarised = 0;
        foreach (var day in days)
        {
            var members = day.OrderBy(m => m.Timestamp).ThenBy(m => m.Id).ToList();
            if (summarised >= o.BatchSize)
            {
                break;
            }

            string answer;
            try
            {
                answer = await context.AskAsync("secretary_daily_summary", new
                {
                    date = day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    memories = members.Select(m => new { id = m.Id, time = m.Timestamp.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), content = m.Content }).ToList(),
                }, 0.3f, cancellationToken).ConfigureAwait(false);
            }
            catch (SecretaryBudgetExhaustedException) when (summarised > 0)
            {
                break; // keep the days already summarised
            }

            var where = $"day {day.Key:yyyy-MM-dd}";
            var root = SecretaryJson.ExtractValue(answer);
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SecretaryAnswerException($"{where}: expected an object with \"summary\".");
            }

            var summary = SecretaryJson.Text(SecretaryJson.Property(root, "summary") ?? default, $"{where} summary");
            var average = members.Average(m => m.Importance);
            var importance = SecretaryJson.Property(root, "importance") is { ValueKind: not JsonValueKind.Null } imp
                ? SecretaryJson.Importance(imp, where)
                : (int)Math.Min(10, Math.Floor(average) + 1);
            ops.Add(new AddMemoryOperation(new NewMemory
            {
                Content = summary,
                Tags = ["summary", "consolidated"],
                Importance = importance,
                BaseImportance = importance,
                Source = "system",
                Type = "summary",
                Timestamp = members[0].Timestamp,
            }, members.Select(m => m.Id).ToList()));
            ops.AddRange(members.Select(m => new ArchiveMemoryOperation(m.Id)));
            summarised++;
        }

        return new SecretaryPlan(ops, ops.OfType<ArchiveMemoryOperation>().Count());
    }
}
