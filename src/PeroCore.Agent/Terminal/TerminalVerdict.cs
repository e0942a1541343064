namespace PeroCore.Agent.Terminal;

/// <summary>What the auditor says about a command.</summary>
/// <param name="Risk">The level.</param>
/// <param name="Reason">Why, in a few words (English; shown to the user and the model).</param>
public sealed record TerminalVerdict(TerminalRisk Risk, string Reason);
