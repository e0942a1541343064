namespace PeroCore.Evaluation.Locomo;

/// <summary>A LoCoMo question with the dialogue ids that hold its evidence.</summary>
/// <param name="Question">The question text.</param>
/// <param name="Answer">The reference answer (absent for adversarial questions).</param>
/// <param name="Category">1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial.</param>
/// <param name="Evidence">Valid evidence dialogue ids.</param>
/// <param name="MalformedEvidence">Evidence entries that named no turn of the conversation and were skipped.</param>
/// <param name="RepairedEvidence">Entries holding several ids in one string (e.g. <c>D8:6; D9:17</c>) that were split.</param>
public sealed record LocomoQuestion(string Question, string? Answer, int Category, IReadOnlyList<string> Evidence, int MalformedEvidence, int RepairedEvidence);
