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

    /// <summary>Recall latency of every question, in milliseconds (query embedding excluded).</summary>
    public List<double> LatenciesMs { get; } = [];

    /// <summary>The p-th percentile latency (0..100), nearest rank.</summary>
    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
        {
            return 0;
        }

        var sorted = LatenciesMs.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Adds another result of the same variant.</summary>
    public void Add(LocomoVariantResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Turn.Add(other.Turn);
        Session.Add(other.Session);
        LatenciesMs.AddRange(other.LatenciesMs);
    }
}
