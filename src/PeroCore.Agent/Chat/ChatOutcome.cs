namespace PeroCore.Agent.Chat;

/// <summary>How a chat run ended.</summary>
/// <param name="VisibleText">Everything the user saw, across all turns.</param>
/// <param name="Turns">LLM turns made.</param>
/// <param name="Failed">True when the run ended with an error shown to the user (nothing was logged).</param>
/// <param name="PairId">The <c>pair_id</c> of the logged exchange, or null when nothing was logged.</param>
public sealed record ChatOutcome(string VisibleText, int Turns, bool Failed, string? PairId);
