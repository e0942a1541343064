namespace PeroCore.Nit.Blocks;

/// <summary>What <see cref="NitBlockExtractor.Extract"/> found in a reply.</summary>
public sealed class NitExtractionResult
{
    internal NitExtractionResult(IReadOnlyList<NitBlock> blocks, IReadOnlyList<NitTextSpan> hiddenSpans, bool hasUnclosedBlock, string visibleText)
    {
        Blocks = blocks;
        HiddenSpans = hiddenSpans;
        HasUnclosedBlock = hasUnclosedBlock;
        VisibleText = visibleText;
    }

    /// <summary>Every closed block in text order (scripts and legacy calls interleaved as written).</summary>
    public IReadOnlyList<NitBlock> Blocks { get; }

    /// <summary>
    /// Every hidden range in text order: each closed block and, last, an unclosed block running to the end.
    /// </summary>
    public IReadOnlyList<NitTextSpan> HiddenSpans { get; }

    /// <summary>True when the reply ends inside a block; that block is hidden but never run.</summary>
    public bool HasUnclosedBlock { get; }

    /// <summary>The reply with every hidden span removed, whitespace untouched (what the stream filter shows).</summary>
    public string VisibleText { get; }
}
