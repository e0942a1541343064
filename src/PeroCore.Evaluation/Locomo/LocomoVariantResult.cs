namespace PeroCore.Evaluation.Locomo;

/// <summary>How one recall variant did on a set of questions.</summary>
public sealed class LocomoVariantResult
{
    /// <summary>Creates an empty result.</summary>
    public LocomoVariantResult(string name) => Name = name;

    /// <summary>Variant name (dense, bm25, hybrid, full...).</summary>
    public string Name { get; }

    /// <summary>Turn level: some evidence turn is among the top k.</summary>
    public RecallAtK Turn { get; } = new();

    /// <summary>Session level: some result comes from a session holding evidence.</summary>
    public RecallAtK Session { get; } = new();

    /// <summary>Turn level, strict: every evidence turn is among the top k (multi-hop questions need them all).</summary>
    public RecallAtK AllEvidence { get; } = new();

    /// <summary>Turn level (some evidence turn in the top k) per question category (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop).</summary>
    public SortedDictionary<int, RecallAtK> Categories { get; } = [];

    /// <summary>
    /// Turn level for the adversarial questions (category 5) that name evidence; kept apart from every other figure,
    /// since their answer is that the conversation does not say.
    /// </summary>
    public RecallAtK Adversarial { get; } = new();

    /// <summary>Recall latency of every question, in milliseconds (query embedding excluded).</summary>
    public List<double> LatenciesMs { get; } = [];

    /// <summary>Latency of every question including the embedding of the query, in milliseconds.</summary>
    public List<double> LatenciesWithEmbeddingMs { get; } = [];

    /// <summary>The p-th percentile latency (0..100), nearest rank.</summary>
    public double Percentile(double p) => Percentile(LatenciesMs, p);

    /// <summary>The p-th percentile (0..100) of <paramref name="values"/>, nearest rank; 0 when empty.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Adds another result of the same variant.</summary>
    public void Add(LocomoVariantResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Turn.Add(other.Turn);
        Session.Add(other.Session);
        AllEvidence.Add(other.AllEvidence);
        Adversarial.Add(other.Adversarial);
        foreach (var (category, recall) in other.Categories)
        {
            Category(category).Add(recall);
        }

        LatenciesMs.AddRange(other.LatenciesMs);
        LatenciesWithEmbeddingMs.AddRange(other.LatenciesWithEmbeddingMs);
    }

    /// <summary>The counter of one category, created when first used.</summary>
    public RecallAtK Category(int category)
    {
        if (!Categories.TryGetValue(category, out var recall))
        {
            Categories[category] = recall = new RecallAtK();
        }

        return recall;
    }
}
