using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Recall;

/// <summary>
/// One recall: a query and how to answer it. Every caller (the chat, the tools, the HTTP API, evaluations) asks the
/// same way: the text, or the conversation, is turned into a query vector in one place (see <see cref="RecallQuery"/>).
/// </summary>
public sealed record RecallRequest
{
    /// <summary>
    /// The query text (embedded with the model's query prefix, and searched in full text). May be empty when a
    /// <see cref="Conversation"/> is given: the conversation's latest user text is then the full-text query.
    /// </summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>
    /// Recent conversation, oldest first, with cleaned texts (the chat's history plus the new messages). When given,
    /// the query vector mixes its latest user, assistant and tool texts (<see cref="RecallQuery"/>); null searches by
    /// <see cref="Query"/> alone.
    /// </summary>
    public IReadOnlyList<ChatMessage>? Conversation { get; init; }

    /// <summary>
    /// A precomputed query vector (evaluations and benchmarks: from <see cref="MemoryEngine.EmbedQueriesAsync"/>, or
    /// synthetic); null lets the engine embed the query.
    /// </summary>
    public float[]? QueryVector { get; init; }

    /// <summary>Overrides the engine's recall options.</summary>
    public RecallOptions? Options { get; init; }

    /// <summary>Which memories may be returned.</summary>
    public RecallFilter Filter { get; init; } = RecallFilter.None;

    /// <summary>
    /// Reinforce the returned memories (access count +1, base importance +0.1 up to 10) after the result is
    /// computed; the result itself is unaffected. Off by default (evaluations run with it off).
    /// </summary>
    public bool Reinforce { get; init; }

    /// <summary>The time ages are measured from; null means the engine clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The query this request asks (from the conversation when one is given), or null when there is no text.</summary>
    internal RecallQuery? ResolveQuery()
    {
        if (Conversation is { } conversation && RecallQuery.FromConversation(conversation) is { } fromConversation)
        {
            return string.IsNullOrWhiteSpace(Query) ? fromConversation : fromConversation.WithText(Query);
        }

        return string.IsNullOrWhiteSpace(Query) ? null : RecallQuery.ForText(Query);
    }
}
