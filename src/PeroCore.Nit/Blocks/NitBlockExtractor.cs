using System.Buffers;
using System.Text;

namespace PeroCore.Nit.Blocks;

/// <summary>
/// Finds NIT blocks in a complete reply (spec §1.1 profile R): scanning left to right, the first opener
/// (<c>&lt;nit&gt;</c>, <c>&lt;nit-XXXX&gt;</c> in any case, or <c>[[[NIT_CALL]]]</c>) starts a block, and the block
/// ends at the nearest closer of its kind; openers inside a block are plain content. Unclosed blocks are hidden
/// but never run. <see cref="Streaming.NitStreamFilter"/> applies the same rule incrementally. Immutable and thread-safe.
/// </summary>
public sealed class NitBlockExtractor
{
    private static readonly SearchValues<char> OpenerStarts = SearchValues.Create("<[");

    /// <summary>Creates an extractor for the given tag syntax (default: 4-hex-digit IDs).</summary>
    public NitBlockExtractor(NitBlockSyntax? syntax = null)
    {
        Syntax = syntax ?? NitBlockSyntax.Default;
    }

    /// <summary>An extractor with the default syntax.</summary>
    public static NitBlockExtractor Default { get; } = new();

    /// <summary>The tag syntax.</summary>
    public NitBlockSyntax Syntax { get; }

    /// <summary>Finds every block and hidden span of <paramref name="text"/>.</summary>
    public NitExtractionResult Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<NitBlock>();
        var hidden = new List<NitTextSpan>();
        var visible = new StringBuilder(text.Length);
        bool unclosed = false;
        var position = new PositionTracker();
        int digits = Syntax.IdHexDigits;
        ReadOnlySpan<char> s = text;

        int i = 0;
        int visibleFrom = 0;
        while (i < s.Length)
        {
            int rel = s[i..].IndexOfAny(OpenerStarts);
            if (rel < 0)
            {
                break;
            }

            int j = i + rel;
            if (NitTagMatcher.MatchOpener(s[j..], digits, out NitBlockKind kind, out int openerLength) != NitTagMatch.Full)
            {
                i = j + 1;
                continue;
            }

            visible.Append(s[visibleFrom..j]);
            int contentStart = j + openerLength;
            int closerAt = FindCloser(s, contentStart, kind, digits, out int closerLength);
            if (closerAt < 0)
            {
                hidden.Add(new NitTextSpan(j, s.Length - j));
                unclosed = true;
                visibleFrom = s.Length;
                break;
            }

            int end = closerAt + closerLength;
            position.AdvanceTo(text, j);
            string? id = kind == NitBlockKind.Script && openerLength > 5 ? text.Substring(j + 5, digits) : null;
            blocks.Add(new NitBlock(
                kind,
                id,
                text[j..end],
                new NitTextSpan(j, end - j),
                new NitTextSpan(contentStart, closerAt - contentStart),
                text[contentStart..closerAt],
                position.Line,
                position.Column,
                blocks.Count));
            hidden.Add(new NitTextSpan(j, end - j));
            i = visibleFrom = end;
        }

        visible.Append(s[visibleFrom..]);
        return new NitExtractionResult(blocks, hidden, unclosed, visible.ToString());
    }

    /// <summary>
    /// Batch removal for saved logs, memory and TTS (spec §4.4 rule 7): the reply with every block, and an
    /// unclosed trailing block, removed. Surrounding whitespace is kept; callers trim if they want to.
    /// </summary>
    public string RemoveBlocks(string text) => Extract(text).VisibleText;

    private static int FindCloser(ReadOnlySpan<char> s, int from, NitBlockKind kind, int digits, out int length)
    {
        char start = NitTagMatcher.CloserStart(kind);
        int k = from;
        while (k < s.Length)
        {
            int rel = s[k..].IndexOf(start);
            if (rel < 0)
            {
                break;
            }

            int c = k + rel;
            if (NitTagMatcher.MatchCloser(s[c..], kind, digits, out length) == NitTagMatch.Full)
            {
                return c;
            }

            k = c + 1;
        }

        length = 0;
        return -1;
    }

    /// <summary>Tracks line and code-point column incrementally, so positions cost O(n) over the whole reply.</summary>
    private struct PositionTracker
    {
        private int _index;

        public PositionTracker()
        {
            Line = 1;
            Column = 1;
        }

        public int Line { get; private set; }

        public int Column { get; private set; }

        public void AdvanceTo(string text, int target)
        {
            for (; _index < target; _index++)
            {
                char c = text[_index];
                if (c == '\n')
                {
                    Line++;
                    Column = 1;
                }
                else if (!char.IsLowSurrogate(c) || _index == 0 || !char.IsHighSurrogate(text[_index - 1]))
                {
                    Column++;
                }
            }
        }
    }
}
