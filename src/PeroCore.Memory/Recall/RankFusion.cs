namespace PeroCore.Memory.Recall;

/// <summary>Reciprocal-rank fusion of ranked id lists.</summary>
internal static class RankFusion
{
    /// <summary>
    /// Fuses lists (each best first) by Σ 1/(k + rank), rank starting at 1; ties keep the order of first
    /// appearance. Returns ids best first.
    /// </summary>
    public static List<long> Reciprocal(IReadOnlyList<IReadOnlyList<long>> rankings, int k = 60) =>
        ReciprocalScores(rankings, k).Select(x => x.Id).ToList();

    /// <summary>Like <see cref="Reciprocal"/>, with each id's fused score.</summary>
    public static List<(long Id, double Score)> ReciprocalScores(IReadOnlyList<IReadOnlyList<long>> rankings, int k = 60)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var scores = new Dictionary<long, (double Score, int First)>();
        var order = 0;
        foreach (var ranking in rankings)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var id = ranking[i];
                var add = 1.0 / (k + i + 1);
                scores[id] = scores.TryGetValue(id, out var s) ? (s.Score + add, s.First) : (add, order++);
            }
        }

        return scores.OrderByDescending(p => p.Value.Score).ThenBy(p => p.Value.First).Select(p => (p.Key, p.Value.Score)).ToList();
    }
}
