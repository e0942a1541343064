using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeroCore.Evaluation.Locomo;

/// <summary>The outcome of a LoCoMo retrieval evaluation.</summary>
public sealed class LocomoReport
{
    /// <summary>Per conversation, per variant.</summary>
    public Dictionary<string, Dictionary<string, LocomoVariantResult>> Conversations { get; } = new(StringComparer.Ordinal);

    /// <summary>Questions evaluated (categories 1–4 with valid evidence).</summary>
    public int Questions { get; set; }

    /// <summary>Evidence entries naming no turn, skipped.</summary>
    public int MalformedEvidence { get; set; }

    /// <summary>Evidence entries holding several ids, split.</summary>
    public int RepairedEvidence { get; set; }

    /// <summary>Memories ingested.</summary>
    public int Turns { get; set; }

    /// <summary>Time spent ingesting (embedding included).</summary>
    public TimeSpan IngestTime { get; set; }

    /// <summary>Every variant summed over the given conversations (all when null).</summary>
    public List<LocomoVariantResult> Totals(IReadOnlyCollection<string>? conversations = null)
    {
        var totals = new Dictionary<string, LocomoVariantResult>(StringComparer.Ordinal);
        foreach (var (id, variants) in Conversations)
        {
            if (conversations is not null && !conversations.Contains(id))
            {
                continue;
            }

            foreach (var (name, result) in variants)
            {
                if (!totals.TryGetValue(name, out var total))
                {
                    totals[name] = total = new LocomoVariantResult(name);
                }

                total.Add(result);
            }
        }

        return [.. totals.Values];
    }

    /// <summary>A markdown table: one row per variant, turn- and session-level recall and latency.</summary>
    public string ToMarkdown(IReadOnlyCollection<string>? conversations = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| variant | turn R@1 | R@5 | R@10 | R@20 | session R@1 | R@5 | R@10 | R@20 | p50 ms | p99 ms |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var v in Totals(conversations))
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {v.Name} ");
            foreach (var k in RecallAtK.Cutoffs)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {v.Turn.At(k):P1} ");
            }

            foreach (var k in RecallAtK.Cutoffs)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {v.Session.At(k):P1} ");
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $"| {v.Percentile(50):F2} | {v.Percentile(99):F2} |");
        }

        return sb.ToString();
    }

    /// <summary>The report as JSON (recall values as fractions).</summary>
    public string ToJson()
    {
        object Summarise(LocomoVariantResult v) => new
        {
            questions = v.Turn.Questions,
            turn = RecallAtK.Cutoffs.ToDictionary(k => $"r@{k}", k => Math.Round(v.Turn.At(k), 4)),
            session = RecallAtK.Cutoffs.ToDictionary(k => $"r@{k}", k => Math.Round(v.Session.At(k), 4)),
            latency_ms = new { p50 = Math.Round(v.Percentile(50), 3), p99 = Math.Round(v.Percentile(99), 3) },
        };

        var doc = new
        {
            questions = Questions,
            turns = Turns,
            malformed_evidence = MalformedEvidence,
            repaired_evidence = RepairedEvidence,
            ingest_seconds = Math.Round(IngestTime.TotalSeconds, 2),
            total = Totals().ToDictionary(v => v.Name, Summarise),
            conversations = Conversations.ToDictionary(c => c.Key, c => c.Value.Values.ToDictionary(v => v.Name, Summarise)),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }
}
