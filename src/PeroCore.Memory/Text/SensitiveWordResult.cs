namespace PeroCore.Memory.Text;

/// <summary>The outcome of <see cref="SensitiveWordFilter.Apply"/>.</summary>
/// <param name="Text">The masked text in <see cref="SensitiveWordMode.Mask"/> mode; the input unchanged otherwise.</param>
/// <param name="MatchedWords">The distinct listed words found, in order of first occurrence.</param>
/// <param name="Mode">The mode that produced this result.</param>
internal sealed record SensitiveWordResult(string Text, IReadOnlyList<string> MatchedWords, SensitiveWordMode Mode)
{
    /// <summary>Gets whether any listed word was found.</summary>
    public bool IsMatch => MatchedWords.Count > 0;

    /// <summary>Gets whether the caller should refuse the text (Reject mode and a match).</summary>
    public bool IsRejected => Mode == SensitiveWordMode.Reject && IsMatch;
}
