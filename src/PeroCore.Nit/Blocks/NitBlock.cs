namespace PeroCore.Nit.Blocks;

/// <summary>One closed block found in a reply.</summary>
public sealed class NitBlock
{
    internal NitBlock(NitBlockKind kind, string? id, string rawText, NitTextSpan span, NitTextSpan contentSpan, string content, int line, int column, int index)
    {
        Kind = kind;
        Id = id;
        RawText = rawText;
        Span = span;
        ContentSpan = contentSpan;
        Content = content;
        Line = line;
        Column = column;
        Index = index;
    }

    /// <summary>Script (<c>&lt;nit&gt;</c>) or legacy (<c>[[[NIT_CALL]]]</c>).</summary>
    public NitBlockKind Kind { get; }

    /// <summary>The ID of a <c>&lt;nit-XXXX&gt;</c> opener as written, or <see langword="null"/>.</summary>
    public string? Id { get; }

    /// <summary>The whole block including both tags.</summary>
    public string RawText { get; }

    /// <summary>Where the whole block sits in the reply.</summary>
    public NitTextSpan Span { get; }

    /// <summary>Where the text between the tags sits in the reply.</summary>
    public NitTextSpan ContentSpan { get; }

    /// <summary>The text between the tags: the script, whose line 1 is the rest of the opener's line.</summary>
    public string Content { get; }

    /// <summary>1-based line of the opener in the reply.</summary>
    public int Line { get; }

    /// <summary>1-based column (code points) of the opener in the reply.</summary>
    public int Column { get; }

    /// <summary>Position of this block among all closed blocks of the reply (0-based, text order).</summary>
    public int Index { get; }

    /// <summary>The length in code points of the opening tag (the content's line 1 starts after it).</summary>
    public int OpenerLength => ContentSpan.Start - Span.Start;
}
