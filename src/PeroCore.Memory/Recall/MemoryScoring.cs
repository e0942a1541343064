namespace PeroCore.Memory.Recall;

/// <summary>The final-score formula of spec/memory.md §3.4, with its weights configurable.</summary>
internal static class MemoryScoring
{
    private const double MsPerDay = 86_400_000d;

    /// <summary>Scores one memory.</summary>
    /// <param name="options">Weights.</param>
    /// <param name="semantic">Raw cosine to the query (reported only).</param>
    /// <param name="lexical">Normalised lexical score 0..1.</param>
    /// <param name="activation">Activation after spreading.</param>
    /// <param name="baseImportance">The memory's base importance (capped at 10).</param>
    /// <param name="ageMs">Now minus the memory's timestamp, in ms (negative ages count as 0).</param>
    public static ScoreBreakdown Score(ScoringOptions options, double semantic, double lexical, double activation, double baseImportance, double ageMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        var days = Math.Max(0, ageMs) / MsPerDay;
        var importance = options.ImportanceWeight * (Math.Min(baseImportance, 10.0) / 10.0) * Math.Exp(-options.DecayPerDay * days);
        var recency = days < options.RecencyWindowDays ? options.RecencyWeight * (1 - (days / options.RecencyWindowDays)) : 0;
        var final = (options.ActivationWeight * activation) + (options.LexicalWeight * lexical) + importance + recency;
        return new ScoreBreakdown(semantic, lexical, activation, importance, recency, final);
    }

    /// <summary>The initial energy of a cosine: rescaled so the unrelated band (at or below <paramref name="floor"/>) maps to 0 and 1 stays 1.</summary>
    public static double Energy(double cosine, double floor) => Math.Max(0, (cosine - floor) / (1 - floor));
}
