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

    /// <summary>Adversarial questions (category 5) with evidence, reported apart.</summary>
    public int AdversarialQuestions { get; set; }

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

    /// <summary>
    /// A markdown table of the finer figures: turn R@1/R@10 per category, "all evidence found" R@10, adversarial
    /// R@10, and p50 latency with the query embedding.
    /// </summary>
    public string ToDetailMarkdown(IReadOnlyCollection<string>? conversations = null)
    {
        var totals = Totals(conversations);
        var categories = totals.SelectMany(v => v.Categories.Keys).Distinct().Order().ToList();
        var sb = new StringBuilder();
        sb.Append("| variant ");
        foreach (var c in categories)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {c} {CategoryName(c)} R@1 / R@10 ");
        }

        sb.AppendLine("| all evidence R@10 / R@20 | adversarial R@10 | p50 ms with embedding |");
        sb.AppendLine(string.Concat(Enumerable.Repeat("|---", categories.Count + 4)) + "|");
        foreach (var v in totals)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {v.Name} ");
            foreach (var c in categories)
            {
                var r = v.Categories.GetValueOrDefault(c) ?? new RecallAtK();
                sb.Append(CultureInfo.InvariantCulture, $"| {r.At(1):P1} / {r.At(10):P1} (n={r.Questions}) ");
            }

            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {v.AllEvidence.At(10):P1} / {v.AllEvidence.At(20):P1} | {v.Adversarial.At(10):P1} (n={v.Adversarial.Questions}) | {LocomoVariantResult.Percentile(v.LatenciesWithEmbeddingMs, 50):F2} |");
        }

        return sb.ToString();
    }

    /// <summary>The official name of a LoCoMo question category.</summary>
    public static string CategoryName(int category) => category switch
    {
        1 => "multi-hop",
        2 => "temporal",
        3 => "open-domain",
        4 => "single-hop",
        5 => "adversarial",
        _ => "other",
    };

    private static Dictionary<string, double> Cuts(RecallAtK recall) =>
        RecallAtK.Cutoffs.ToDictionary(k => $"r@{k}", k => Math.Round(recall.At(k), 4));

    /// <summary>The report as JSON (recall values as fractions).</summary>
    public string ToJson()
    {
        object Summarise(LocomoVariantResult v) => new
        {
            questions = v.Turn.Questions,
            turn = RecallAtK.Cutoffs.ToDictionary(k => $"r@{k}", k => Math.Round(v.Turn.At(k), 4)),
            session = RecallAtK.Cutoffs.ToDictionary(k => $"r@{k}", k => Math.Round(v.Session.At(k), 4)),
            latency_ms = new { p50 = Math.Round(v.Percentile(50), 3), p99 = Math.Round(v.Percentile(99), 3) },
            all_evidence = Cuts(v.AllEvidence),
            categories = v.Categories.ToDictionary(
                c => c.Key.ToString(CultureInfo.InvariantCulture), c => new { name = CategoryName(c.Key), questions = c.Value.Questions, turn = Cuts(c.Value) }),
            adversarial = new { questions = v.Adversarial.Questions, turn = Cuts(v.Adversarial) },
            latency_with_embedding_ms = new
            {
                p50 = Math.Round(LocomoVariantResult.Percentile(v.LatenciesWithEmbeddingMs, 50), 3),
                p99 = Math.Round(LocomoVariantResult.Percentile(v.LatenciesWithEmbeddingMs, 99), 3),
            },
        };

        var doc = new
        {
            questions = Questions,
            turns = Turns,
            malformed_evidence = MalformedEvidence,
            repaired_evidence = RepairedEvidence,
            adversarial_questions = AdversarialQuestions,
            ingest_seconds = Math.Round(IngestTime.TotalSeconds, 2),
            total = Totals().ToDictionary(v => v.Name, Summarise),
            conversations = Conversations.ToDictionary(c => c.Key, c => c.Value.Values.ToDictionary(v => v.Name, Summarise)),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }
}
