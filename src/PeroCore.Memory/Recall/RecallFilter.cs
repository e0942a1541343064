namespace PeroCore.Memory.Recall;

/// <summary>Restricts which memories a recall may return (and which may seed the spread).</summary>
public sealed record RecallFilter
{
    /// <summary>No restriction.</summary>
    public static RecallFilter None { get; } = new();

    /// <summary>Only memories at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only memories strictly before this time (also used as the original's <c>exclude_after</c>).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only these types, if not empty.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Never these types (for example archived memories).</summary>
    public IReadOnlyList<string> ExcludeTypes { get; init; } = [];

    /// <summary>Only memories carrying at least one of these tags, if not empty.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Also recall archived memories (left out by default).</summary>
    public bool IncludeArchived { get; init; }

    /// <summary>Whether the filter restricts anything.</summary>
    public bool IsEmpty => From is null && Until is null && Types.Count == 0 && ExcludeTypes.Count == 0 && Tags.Count == 0;

    /// <summary>Whether a memory passes.</summary>
    public bool Accepts(DateTimeOffset timestamp, string type, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return (From is null || timestamp >= From)
               && (Until is null || timestamp < Until)
               && (Types.Count == 0 || Types.Contains(type, StringComparer.Ordinal))
               && !ExcludeTypes.Contains(type, StringComparer.Ordinal)
               && (Tags.Count == 0 || tags.Any(t => Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));
    }
}
