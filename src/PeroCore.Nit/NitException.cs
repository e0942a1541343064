using System.Globalization;
using System.Text;

namespace PeroCore.Nit;

/// <summary>
/// The only exception the NIT lexer and parser throw. Its first message line is the original
/// (seed) text, e.g. <c>Lexer error at line 1, col 11: Unterminated string</c>, which the LLM reads;
/// the following lines show the offending source line and a caret under the column. The interpreter uses it
/// (never thrown) to describe the runtime error that stopped a script (<see cref="NitErrorKind.Runtime"/>).
/// </summary>
public sealed class NitException : Exception
{
    /// <summary>The text shown after the caret on the excerpt's caret line.</summary>
    public const string CaretNote = "^--- 这里可能有错"; // NitFeedbackTexts.Seed.CaretNote; NitFeedbackTexts.Localize rewrites it

    /// <summary>Creates an error without a source excerpt.</summary>
    public NitException(NitErrorKind kind, int line, int column, string reason)
        : this(kind, line, column, reason, sourceExcerpt: null)
    {
    }

    /// <summary>Creates an error whose message is the headline followed by <paramref name="sourceExcerpt"/>.</summary>
    public NitException(NitErrorKind kind, int line, int column, string reason, string? sourceExcerpt)
        : base(BuildMessage(kind, line, column, reason, sourceExcerpt))
    {
        Kind = kind;
        Line = line;
        Column = column;
        Reason = reason;
        Headline = BuildHeadline(kind, line, column, reason);
        SourceExcerpt = sourceExcerpt;
    }

    /// <summary>Lexer, parser or runtime.</summary>
    public NitErrorKind Kind { get; }

    /// <summary>1-based line, relative to the script text (the text between the tags of a block).</summary>
    public int Line { get; }

    /// <summary>1-based column counted in Unicode code points (a TAB or an emoji counts 1).</summary>
    public int Column { get; }

    /// <summary>The reason alone, e.g. <c>Unterminated string</c>.</summary>
    public string Reason { get; }

    /// <summary>The first message line exactly as the original produced it.</summary>
    public string Headline { get; }

    /// <summary>The excerpt and caret lines, or <see langword="null"/> when no source was available.</summary>
    public string? SourceExcerpt { get; }

    internal static NitException Create(NitErrorKind kind, string source, int line, int column, string reason)
        => new(kind, line, column, reason, BuildExcerpt(source, line, column));

    private static string BuildHeadline(NitErrorKind kind, int line, int column, string reason)
    {
        string stage = kind switch
        {
            NitErrorKind.Lexer => "Lexer",
            NitErrorKind.Runtime => "Runtime",
            _ => "Parser",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{stage} error at line {line}, col {column}: {reason}");
    }

    private static string BuildMessage(NitErrorKind kind, int line, int column, string reason, string? excerpt)
    {
        string headline = BuildHeadline(kind, line, column, reason);
        return excerpt is null ? headline : headline + "\n" + excerpt;
    }

    /// <summary>Builds HEAD's two extra lines: <c>  L | source</c> and the caret line under column C.</summary>
    internal static string? BuildExcerpt(string source, int line, int column)
    {
        // Find the requested line (lines end at '\n' only, as in the lexer).
        int start = 0;
        for (int l = 1; l < line; l++)
        {
            int nl = source.IndexOf('\n', start);
            if (nl < 0)
            {
                return null;
            }

            start = nl + 1;
        }

        int end = source.IndexOf('\n', start);
        if (end < 0)
        {
            end = source.Length;
        }

        string text = source[start..end].TrimEnd('\r');

        // Char index of the column (columns count code points).
        int caretIndex = 0;
        for (int cp = 1; cp < column && caretIndex < text.Length; cp++)
        {
            caretIndex += char.IsHighSurrogate(text[caretIndex]) && caretIndex + 1 < text.Length
                && char.IsLowSurrogate(text[caretIndex + 1]) ? 2 : 1;
        }

        // Long lines are shown as a window around the caret.
        const int Window = 80;
        int from = Math.Max(0, caretIndex - Window);
        if (from > 0 && char.IsLowSurrogate(text[from]))
        {
            from--;
        }

        int to = Math.Min(text.Length, caretIndex + Window);
        if (to < text.Length && to > 0 && char.IsHighSurrogate(text[to - 1]))
        {
            to++;
        }

        string prefix = from > 0 ? "..." : string.Empty;
        string shown = prefix + text[from..to] + (to < text.Length ? "..." : string.Empty);

        string gutter = line.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(shown.Length * 2 + 40);
        sb.Append("  ").Append(gutter).Append(" | ").Append(shown).Append('\n');
        sb.Append("  ").Append(' ', gutter.Length).Append(" | ").Append(' ', prefix.Length);

        // Pad to the caret; copy TABs so the caret lines up in a terminal.
        for (int i = from; i < caretIndex; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < caretIndex && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            sb.Append(c == '\t' ? '\t' : ' ');
        }

        // A column past the end of the line (e.g. EOF after a newline) still gets its caret.
        int shownColumns = CountCodePoints(text.AsSpan(0, caretIndex)) + 1;
        if (column > shownColumns)
        {
            sb.Append(' ', column - shownColumns);
        }

        sb.Append(CaretNote);
        return sb.ToString();
    }

    private static int CountCodePoints(ReadOnlySpan<char> text)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            n++;
        }

        return n;
    }
}
