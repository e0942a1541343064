namespace PeroCore.Memory.Storage;

/// <summary>The relation types the store accepts.</summary>
public static class RelationTypes
{
    /// <summary>Default: the memories bring each other to mind.</summary>
    public const string Associative = "associative";

    /// <summary>One caused the other.</summary>
    public const string Causal = "causal";

    /// <summary>Same theme.</summary>
    public const string Thematic = "thematic";

    /// <summary>Close in time.</summary>
    public const string Temporal = "temporal";

    /// <summary>They disagree.</summary>
    public const string Contradictory = "contradictory";

    /// <summary>A memory made from others (a consolidation) points at each of its sources.</summary>
    public const string DerivedFrom = "derived_from";

    /// <summary>Every accepted type.</summary>
    public static IReadOnlyList<string> All { get; } = [Associative, Causal, Thematic, Temporal, Contradictory, DerivedFrom];

    /// <summary>Whether <paramref name="type"/> is accepted (case-sensitive, lower case).</summary>
    public static bool IsValid(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}
