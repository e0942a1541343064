namespace PeroCore.Agent.Prompts;

/// <summary>A memory recalled for the prompt.</summary>
/// <param name="Id">Row id of the memory.</param>
/// <param name="Content">Its text.</param>
public sealed record RecalledMemory(long Id, string Content);
