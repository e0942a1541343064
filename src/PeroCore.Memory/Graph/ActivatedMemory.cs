namespace PeroCore.Memory.Graph;

/// <summary>One memory in a <see cref="SpreadResult"/>.</summary>
/// <param name="Id">The memory id.</param>
/// <param name="Activation">Its activation after spreading (float32 arithmetic, capped).</param>
/// <param name="IsSeed">Whether it was one of the seeds (anchors).</param>
public readonly record struct ActivatedMemory(long Id, float Activation, bool IsSeed);
