namespace PeroCore.Memory.Storage;

/// <summary>A recalled memory with the content of its time-axis neighbours (null when not asked for or absent).</summary>
internal sealed record ResultRow(MemoryRecord Memory, string? Previous, string? Next);
