using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Recall;

public sealed class MemoryScoringTests
{
    private const double Day = 86_400_000;
    private static readonly ScoringOptions Seed = new();

    [Theory]
    // T-10: s=0.8, base 5, age 10 d.
    [InlineData(0.8, 5, 10 * Day, 0.679180)]
    // T-11: s=0.5, base 1, age 6 h (recency 0.15).
    [InlineData(0.5, 1, 0.25 * Day, 0.529828)]
    // T-08: A, B, C.
    [InlineData(0.9, 9, 60 * Day, 0.697926)]
    [InlineData(0.6, 2, Day / 48, 0.675805)]
    [InlineData(0.3, 5, 2 * Day, 0.353256)]
    public void The_original_formula_gives_the_spec_numbers(double activation, double importance, double age, double expected)
    {
        var s = MemoryScoring.Score(Seed, activation, 0, activation, importance, age);
        Assert.Equal(expected, s.Final, 5);
    }

    [Fact]
    public void Importance_is_capped_and_recency_fades_linearly_over_the_window()
    {
        var capped = MemoryScoring.Score(Seed, 0, 0, 0, 25, 0);
        Assert.Equal(0.3, capped.Importance, 9);
        Assert.Equal(0.2, capped.Recency, 9);
        Assert.Equal(0.1, MemoryScoring.Score(Seed, 0, 0, 0, 0, Day / 2).Recency, 9);
        Assert.Equal(0, MemoryScoring.Score(Seed, 0, 0, 0, 0, Day).Recency);
        Assert.Equal(0.2, MemoryScoring.Score(Seed, 0, 0, 0, 0, -Day).Recency, 9);
    }

    [Fact]
    public void The_lexical_term_adds_with_its_weight()
    {
        var s = MemoryScoring.Score(Seed with { LexicalWeight = 0.5 }, 0.5, 0.8, 0.5, 0, 10 * Day);
        Assert.Equal((0.7 * 0.5) + (0.5 * 0.8), s.Final, 9);
    }

    [Fact]
    public void Bad_weights_are_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => (Seed with { DecayPerDay = -1 }).Validate());
        Assert.Contains("DecayPerDay", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => (Seed with { RecencyWindowDays = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (Seed with { ActivationWeight = double.NaN }).Validate());
    }

    [Fact]
    public void Reciprocal_rank_fusion_rewards_agreement()
    {
        var fused = RankFusion.Reciprocal([[1, 2, 3], [3, 4, 1]]);
        Assert.Equal([1, 3, 2, 4], fused);
        Assert.Empty(RankFusion.Reciprocal([]));
    }
}
