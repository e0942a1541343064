namespace PeroCore.Evaluation.Locomo;

/// <summary>Hit counts at the standard cut-offs 1, 5, 10 and 20.</summary>
public sealed class RecallAtK
{
    /// <summary>The cut-offs.</summary>
    public static IReadOnlyList<int> Cutoffs { get; } = [1, 5, 10, 20];

    private readonly int[] _hits = new int[4];

    /// <summary>Questions counted.</summary>
    public int Questions { get; private set; }

    /// <summary>Records one question: the rank (1-based) of the first relevant result, or null if none in the top 20.</summary>
    public void Add(int? firstRelevantRank)
    {
        Questions++;
        for (var i = 0; i < Cutoffs.Count; i++)
        {
            if (firstRelevantRank is { } r && r <= Cutoffs[i])
            {
                _hits[i]++;
            }
        }
    }

    /// <summary>Adds another counter's questions.</summary>
    public void Add(RecallAtK other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Questions += other.Questions;
        for (var i = 0; i < _hits.Length; i++)
        {
            _hits[i] += other._hits[i];
        }
    }

    /// <summary>Recall at a cut-off (0..1).</summary>
    public double At(int k)
    {
        var i = Array.IndexOf([1, 5, 10, 20], k);
        if (i < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "Use one of 1, 5, 10, 20.");
        }

        return Questions == 0 ? 0 : (double)_hits[i] / Questions;
    }
}
