namespace PeroCore.Memory.Recall;

/// <summary>
/// Weights of the final score (spec/memory.md §3.4):
/// <c>final = wAct·activation + wLex·lexical + wImp·(min(base, 10)/10)·e^(−λ·days) + recency</c>,
/// with <c>recency = wRec·(1 − days/window)</c> while younger than the window, else 0.
/// </summary>
public sealed record ScoringOptions
{
    /// <summary>Weight of the spread activation (0.7 in the original).</summary>
    public double ActivationWeight { get; init; } = 0.7;

    /// <summary>Weight of the normalised BM25 score (the original has no lexical term: 0).</summary>
    public double LexicalWeight { get; init; }

    /// <summary>Weight of importance × time decay (0.3 in the original).</summary>
    public double ImportanceWeight { get; init; } = 0.3;

    /// <summary>λ of the importance decay, per day (0.023: half-life about 30 days).</summary>
    public double DecayPerDay { get; init; } = 0.023;

    /// <summary>Recency bonus at age 0 (0.2 in the original).</summary>
    public double RecencyWeight { get; init; } = 0.2;

    /// <summary>Age at which the recency bonus reaches 0, in days (1 in the original).</summary>
    public double RecencyWindowDays { get; init; } = 1.0;

    /// <summary>A memory is kept only if its final score is strictly greater than this (0.1 in the original).</summary>
    public double MinScore { get; init; } = 0.1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate()
    {
        Check(ActivationWeight, nameof(ActivationWeight));
        Check(LexicalWeight, nameof(LexicalWeight));
        Check(ImportanceWeight, nameof(ImportanceWeight));
        Check(DecayPerDay, nameof(DecayPerDay));
        Check(RecencyWeight, nameof(RecencyWeight));
        if (!(RecencyWindowDays > 0) || !double.IsFinite(RecencyWindowDays))
        {
            throw new ArgumentException($"{nameof(RecencyWindowDays)} must be a positive number, not {RecencyWindowDays}.");
        }

        if (!double.IsFinite(MinScore))
        {
            throw new ArgumentException($"{nameof(MinScore)} must be a finite number.");
        }

        static void Check(double value, string name)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException($"{name} must be a non-negative number, not {value}.");
            }
        }
    }
}
