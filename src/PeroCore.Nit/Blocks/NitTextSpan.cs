namespace PeroCore.Nit.Blocks;

/// <summary>A range of a reply, in UTF-16 units.</summary>
/// <param name="Start">Index of the first char.</param>
/// <param name="Length">Number of chars.</param>
public readonly record struct NitTextSpan(int Start, int Length)
{
    /// <summary>Index just past the span.</summary>
    public int End => Start + Length;
}
