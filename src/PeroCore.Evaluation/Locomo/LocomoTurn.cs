namespace PeroCore.Evaluation.Locomo;

/// <summary>One utterance of a LoCoMo conversation.</summary>
/// <param name="DiaId">Dialogue id such as <c>D3:14</c> (session 3, turn 14).</param>
/// <param name="SessionNumber">The session it belongs to.</param>
/// <param name="Speaker">Who said it.</param>
/// <param name="Text">What was said.</param>
/// <param name="ImageCaption">Caption of a shared image, if any.</param>
/// <param name="Timestamp">Session start plus one minute per turn, so the time axis keeps the dialogue order.</param>
public sealed record LocomoTurn(string DiaId, int SessionNumber, string Speaker, string Text, string? ImageCaption, DateTimeOffset Timestamp)
{
    /// <summary>The memory stored for this turn: <c>Speaker: text</c>, with the image caption appended.</summary>
    public string MemoryText => ImageCaption is null ? $"{Speaker}: {Text}" : $"{Speaker}: {Text} [image: {ImageCaption}]";
}
