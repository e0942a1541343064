using System.Text.Json.Nodes;

namespace PeroCore.Memory.History;

/// <summary>
/// One row of <c>memory_history</c>. <see cref="Before"/> and <see cref="After"/> are full images of the memory
/// (<c>memory</c>: every column, the embedding as <c>{"base64": ...}</c>; <c>relations</c>: every relation touching it;
/// <c>links</c>: its time-axis neighbours and the rows pointing at it; <c>link_pending</c>; <c>log_ids</c>), null when
/// the memory did not exist on that side. An import row has no <see cref="MemoryId"/>: its after JSON lists the ids.
/// </summary>
public sealed record MemoryHistoryEntry
{
    /// <summary>The row id (the history id of <c>revert</c>).</summary>
    public required long Id { get; init; }

    /// <summary>The memory changed, or null for an import batch.</summary>
    public long? MemoryId { get; init; }

    /// <summary>One of <see cref="MemoryHistoryOps"/>.</summary>
    public required string Op { get; init; }

    /// <summary>Who made the change.</summary>
    public required string Actor { get; init; }

    /// <summary>The maintenance run the change belongs to, or null.</summary>
    public long? RunId { get; init; }

    /// <summary>When the change was committed.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The image before the change, or null (a create).</summary>
    public JsonObject? Before { get; init; }

    /// <summary>The image after the change, or null (a delete); an import's ids.</summary>
    public JsonObject? After { get; init; }

    /// <summary>This row with the embedding bytes left out of both images (for answers that do not need them).</summary>
    public MemoryHistoryEntry WithoutVectors() => this with { Before = MemoryImages.WithoutVector(Before), After = MemoryImages.WithoutVector(After) };
}
