namespace PeroCore.Agent.Tools.Session;

/// <summary>A session's work mode: the task and when it began.</summary>
/// <param name="Task">What the owner and the companion are working on (may be empty).</param>
/// <param name="StartedAt">When work mode began.</param>
public sealed record WorkModeState(string Task, DateTimeOffset StartedAt);
