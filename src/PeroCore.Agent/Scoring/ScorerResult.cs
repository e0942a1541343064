namespace PeroCore.Agent.Scoring;

/// <summary>What the scorer LLM extracted from one exchange.</summary>
/// <param name="Content">The memory text; null or empty when the exchange is not worth remembering.</param>
/// <param name="Tags">Keywords.</param>
/// <param name="Clusters">Cluster names.</param>
/// <param name="Importance">1..10.</param>
/// <param name="Sentiment">The mood of the exchange (default <c>neutral</c>).</param>
public sealed record ScorerResult(string? Content, IReadOnlyList<string> Tags, IReadOnlyList<string> Clusters, int Importance, string Sentiment)
{
    /// <summary>True when there is something to remember.</summary>
    public bool HasContent => !string.IsNullOrWhiteSpace(Content);
}
