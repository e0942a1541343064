namespace PeroCore.Nit.Runtime;

/// <summary>What a background work item produced.</summary>
internal readonly record struct NitTaskOutcome(NitTaskStatus Status, object? Value, string? Error, object? CallbackValue, string? CallbackError);
