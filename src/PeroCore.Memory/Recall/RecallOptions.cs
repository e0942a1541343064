using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Recall;

/// <summary>Parameters of one recall.</summary>
public sealed record RecallOptions
{
    /// <summary>
    /// The full pipeline, tuned on LoCoMo conversations 26 and 30 (checked on 41–43). First stage: 30 vector and 30
    /// full-text candidates fused by rank (the best 60 kept), energy above a 0.5 cosine floor, one spreading step at
    /// full strength over a graph whose time-axis edges weigh 0.6 (see <see cref="MemoryEngineOptions.Graph"/>),
    /// candidates keeping their own energy, lexical (0.15) and rank-fusion (0.1) terms in the final score. Second
    /// stage, over the best 100 of the first: a 0.3 bonus for the memories inside a time window the query names
    /// (<see cref="TimeWeight"/>), the context signal at 1.0 (<see cref="ContextWeight"/>), the follow-up signal at
    /// 0.2 (<see cref="FollowUpWeight"/>) and the length signal at 0.2 (<see cref="LengthWeight"/>).
    /// </summary>
    public static RecallOptions Default { get; } = new();

    /// <summary>The original's behaviour (spec/memory.md §3), reproducing the §10 numbers.</summary>
    public static RecallOptions SeedCompat { get; } = new()
    {
        Mode = RecallMode.SeedCompat,
        VectorCandidates = 20,
        Spread = SpreadOptions.SeedCompat,
        Scoring = new ScoringOptions(),
        SimilarityFloor = 0,
        FusionWeight = 0,
        SeedSpreadShare = 1,
        LexicalCandidates = 0,
        TimeWeight = 0,
        ContextWeight = 0,
        FollowUpWeight = 0,
        LengthWeight = 0,
    };

    /// <summary>Pipeline.</summary>
    public RecallMode Mode { get; init; } = RecallMode.Default;

    /// <summary>Memories returned.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Nearest neighbours taken from the vector index.</summary>
    public int VectorCandidates { get; init; } = 30;

    /// <summary>Best BM25 matches taken from the full-text index.</summary>
    public int LexicalCandidates { get; init; } = 30;

    /// <summary>Candidates kept after rank fusion; they seed the spread.</summary>
    public int CandidatePool { get; init; } = 60;

    /// <summary>Query terms kept for full-text search: the rarest ones.</summary>
    public int MaxQueryTerms { get; init; } = 16;

    /// <summary>Terms found in more than this fraction of memories are dropped (when more than 200 memories exist).</summary>
    public double MaxTermDocumentFraction { get; init; } = 0.2;

    /// <summary>
    /// Full-text ranking scores every memory that contains a kept term (about 0.8 µs each on a 2-core machine), so
    /// the kept terms, rarest first, are cut once their document counts add up to more than this; when even the
    /// rarest term alone exceeds it, the query has no full-text candidates (such a term says little about which
    /// memory is meant, and ranking it would cost more than the rest of the recall). Stores of a few thousand
    /// memories never reach it.
    /// </summary>
    public int MaxLexicalPostings { get; init; } = 15_000;

    /// <summary>
    /// Cosine below which a memory counts as unrelated: the initial energy is
    /// <c>max(0, (cos − floor) / (1 − floor))</c>. The embedded model scores unrelated text around 0.7.
    /// </summary>
    public double SimilarityFloor { get; init; } = 0.5;

    /// <summary>
    /// Share of the energy a candidate receives from its neighbours that counts towards its own activation
    /// (0..1). Memories reached only by spreading always keep all they receive. A low share lets the spread
    /// surface neighbours without letting clusters of similar candidates outrank the best single match.
    /// </summary>
    public double SeedSpreadShare { get; init; }

    /// <summary>
    /// Weight of a candidate's reciprocal-rank-fusion score (normalised so the best candidate has 1) in the
    /// final score; memories reached only by spreading get 0. Rank fusion is robust to how differently the
    /// vector and full-text scores are scaled.
    /// </summary>
    public double FusionWeight { get; init; } = 0.1;

    /// <summary>
    /// Weight of the entity signal: the share of the query's names (<see cref="Text.EntityTerms"/>) a memory
    /// mentions, added to the final score of the best <c>3 × Limit</c> memories before the final cut. 0 turns it off.
    /// </summary>
    public double EntityWeight { get; init; }

    /// <summary>
    /// Bonus added to the final score of the scored memories whose time falls inside the window the query names ("last
    /// week", "in May", "昨天"; <see cref="Text.TimeWindowParser"/>), relative to the recall's clock. Never a filter:
    /// memories outside the window keep their score. 0 turns it off; 0.3 was chosen on LoCoMo conversations 26 and 30.
    /// </summary>
    public double TimeWeight { get; init; } = 0.3;

    /// <summary>
    /// Weight of the context signal: the similarity of the query to each scored memory read together with a time-axis
    /// neighbour (the normalised sum of the two stored vectors, the better of previous and next), rescaled above
    /// <see cref="SimilarityFloor"/>, added to the final score. 0 turns it off; 1.0 (the default) was chosen on LoCoMo
    /// conversations 26 and 30. The neighbours' vectors that were not scored are read from the vector index (at its precision).
    /// </summary>
    public double ContextWeight { get; init; } = 1.0;

    /// <summary>
    /// Weight of the follow-up signal: how well the memory one or two places before a memory on the time axis matches the
    /// query (the better of the two, rescaled above <see cref="SimilarityFloor"/>), added to the final score. In a
    /// conversation the answer follows the turn that names the topic. 0 turns it off.
    /// </summary>
    public double FollowUpWeight { get; init; } = 0.2;

    /// <summary>
    /// Weight of the length signal: the content's length as a share of <see cref="LengthSaturation"/> (capped at 1),
    /// added to the final score. A one-line acknowledgement rarely holds what a question asks for. 0 turns it off.
    /// </summary>
    public double LengthWeight { get; init; } = 0.2;

    /// <summary>The length in characters from which the length signal gives its full weight.</summary>
    public int LengthSaturation { get; init; } = 300;

    /// <summary>
    /// How many of the best memories of the first stage (rank fusion, spreading and the final-score formula) the
    /// second-stage signals (<see cref="TimeWeight"/>, <see cref="ContextWeight"/>, <see cref="FollowUpWeight"/>,
    /// <see cref="LengthWeight"/>) re-score; the others keep their first-stage score.
    /// </summary>
    public int SecondStagePool { get; init; } = 100;

    /// <summary>Spreading parameters.</summary>
    public SpreadOptions Spread { get; init; } = SpreadOptions.Default with { Steps = 1, Decay = 1.0f };

    /// <summary>Final-score weights.</summary>
    public ScoringOptions Scoring { get; init; } = new() { LexicalWeight = 0.15, MinScore = 0.05 };

    /// <summary>Also return each memory's previous and next memory on the time axis (context).</summary>
    public bool IncludeContext { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Limit is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(Limit)} must be between 1 and 1000.");
        }

        if (VectorCandidates is < 0 or > 10_000 || LexicalCandidates is < 0 or > 10_000 || CandidatePool is < 1 or > 10_000)
        {
            throw new ArgumentException("Candidate counts must be between 0 and 10000 (the pool at least 1).");
        }

        if (MaxQueryTerms < 1 || !double.IsFinite(MaxTermDocumentFraction) || MaxTermDocumentFraction is <= 0 or > 1)
        {
            throw new ArgumentException($"{nameof(MaxQueryTerms)} must be positive and {nameof(MaxTermDocumentFraction)} in (0, 1].");
        }

        if (MaxLexicalPostings < 1)
        {
            throw new ArgumentException($"{nameof(MaxLexicalPostings)} must be positive.");
        }

        if (!double.IsFinite(SimilarityFloor) || SimilarityFloor is < 0 or >= 1)
        {
            throw new ArgumentException($"{nameof(SimilarityFloor)} must be in [0, 1).");
        }

        if (!double.IsFinite(FusionWeight) || FusionWeight < 0)
        {
            throw new ArgumentException($"{nameof(FusionWeight)} must be a non-negative number.");
        }

        if (!double.IsFinite(EntityWeight) || EntityWeight < 0)
        {
            throw new ArgumentException($"{nameof(EntityWeight)} must be a non-negative number.");
        }

        foreach (var (value, name) in (ReadOnlySpan<(double, string)>)[(TimeWeight, nameof(TimeWeight)), (ContextWeight, nameof(ContextWeight)),
                     (FollowUpWeight, nameof(FollowUpWeight)), (LengthWeight, nameof(LengthWeight))])
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException($"{name} must be a non-negative number, not {value}.");
            }
        }

        if (LengthSaturation < 1 || SecondStagePool is < 1 or > 10_000)
        {
            throw new ArgumentException($"{nameof(LengthSaturation)} must be positive and {nameof(SecondStagePool)} between 1 and 10000.");
        }

        if (!double.IsFinite(SeedSpreadShare) || SeedSpreadShare is < 0 or > 1)
        {
            throw new ArgumentException($"{nameof(SeedSpreadShare)} must be between 0 and 1.");
        }

        Spread.Validate();
        Scoring.Validate();
    }
}
