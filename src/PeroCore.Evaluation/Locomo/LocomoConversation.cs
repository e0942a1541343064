namespace PeroCore.Evaluation.Locomo;

/// <summary>One LoCoMo conversation: its turns in order and its questions.</summary>
/// <param name="SampleId">The sample id (from the file, or the file name).</param>
/// <param name="SpeakerA">First speaker.</param>
/// <param name="SpeakerB">Second speaker.</param>
/// <param name="Turns">Every turn in session then turn order.</param>
/// <param name="Questions">Every question.</param>
public sealed record LocomoConversation(string SampleId, string SpeakerA, string SpeakerB, IReadOnlyList<LocomoTurn> Turns, IReadOnlyList<LocomoQuestion> Questions)
{
    /// <summary>When the last session started.</summary>
    public DateTimeOffset LastSessionTime => Turns.Count == 0 ? DateTimeOffset.UnixEpoch : Turns.Max(t => t.Timestamp);

    /// <summary>Session number of a dialogue id such as <c>D3:14</c>.</summary>
    public static int SessionOf(string diaId)
    {
        ArgumentNullException.ThrowIfNull(diaId);
        var colon = diaId.IndexOf(':', StringComparison.Ordinal);
        return int.Parse(diaId.AsSpan(1, colon - 1), System.Globalization.CultureInfo.InvariantCulture);
    }
}
