namespace PeroCore.Memory.Indexing;

/// <summary>The outcome of opening a <see cref="VectorIndex"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Checkpoint">
/// The highest change sequence number the loaded index contains (as passed to <see cref="VectorIndex.SaveAsync"/>);
/// 0 when the index starts empty. The caller replays every change after it.
/// </param>
/// <param name="Count">Vectors loaded.</param>
/// <param name="Detail">Why the file was not used, or null.</param>
/// <param name="QuarantinedPath">Where a corrupt or incompatible file was moved, or null.</param>
public sealed record VectorIndexOpenResult(
    VectorIndexLoadStatus Status,
    long Checkpoint,
    long Count,
    string? Detail = null,
    string? QuarantinedPath = null)
{
    /// <summary>
    /// Gets a value indicating whether the caller must rebuild the index from the source of truth (re-add every
    /// live vector, then save). True for <see cref="VectorIndexLoadStatus.Missing"/>,
    /// <see cref="VectorIndexLoadStatus.Corrupt"/>, <see cref="VectorIndexLoadStatus.Incompatible"/> and
    /// <see cref="VectorIndexLoadStatus.CheckpointMissing"/>.
    /// </summary>
    public bool NeedsRebuild => Status is not (VectorIndexLoadStatus.Loaded or VectorIndexLoadStatus.InMemory);
}
