namespace PeroCore.Agent.Scoring;

/// <summary>Thresholds of the <see cref="JunkGuard"/>.</summary>
public sealed record JunkGuardOptions
{
    /// <summary>
    /// Cosine similarity to a stored memory above which a new memory is a near-duplicate (default 0.95; the local
    /// model scores paraphrases of one fact around 0.9 and merely related text around 0.87).
    /// </summary>
    public double DuplicateSimilarity { get; init; } = 0.95;

    /// <summary>
    /// Share of a memory's text (its overlapping 8-character windows) found in the system prompt, a recalled memory or
    /// a tool's output above which it counts as copied from there (default 0.6).
    /// </summary>
    public double CopiedShare { get; init; } = 0.6;

    /// <summary>Stored neighbours compared for near-duplicates (default 5).</summary>
    public int Neighbours { get; init; } = 5;

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (DuplicateSimilarity is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateSimilarity), DuplicateSimilarity, "Must be in (0, 1].");
        }

        if (CopiedShare is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CopiedShare), CopiedShare, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Neighbours, 1, nameof(Neighbours));
    }
}
