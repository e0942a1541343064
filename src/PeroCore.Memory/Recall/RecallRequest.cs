namespace PeroCore.Memory.Recall;

/// <summary>One recall: a query and how to answer it.</summary>
public sealed record RecallRequest
{
    /// <summary>The query text (embedded with the model's query prefix, and searched in full text).</summary>
    public required string Query { get; init; }

    /// <summary>A precomputed query vector (for example the weighted context vector); null to embed <see cref="Query"/>.</summary>
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
}
