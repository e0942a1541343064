namespace PeroCore.Agent.Scoring;

/// <summary>The <see cref="JunkGuard"/>'s decision.</summary>
/// <param name="Kind">None when the memory may be stored.</param>
/// <param name="Reason">Why it was refused, for the log and the conversation log's <c>last_error</c>; null when accepted.</param>
/// <param name="ExistingId">For <see cref="JunkKind.NearDuplicate"/> and <see cref="JunkKind.RecalledMemory"/> found by vector: the stored memory it repeats.</param>
/// <param name="Similarity">The cosine similarity to <paramref name="ExistingId"/>, or the share of the text found in the source it was copied from.</param>
public sealed record JunkVerdict(JunkKind Kind, string? Reason = null, long? ExistingId = null, double? Similarity = null)
{
    /// <summary>The verdict of a memory worth storing.</summary>
    public static JunkVerdict Accept { get; } = new(JunkKind.None);

    /// <summary>True when the memory must not be stored.</summary>
    public bool IsJunk => Kind != JunkKind.None;
}
