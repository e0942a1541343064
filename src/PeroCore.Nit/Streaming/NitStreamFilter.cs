using System.Text;
using PeroCore.Nit.Blocks;

namespace PeroCore.Nit.Streaming;

/// <summary>
/// Hides NIT blocks from a streamed reply (spec §4.4 profile R). Feed each delta to <see cref="Push(string)"/>,
/// show what it returns, and call <see cref="Flush()"/> at the end of the stream. The concatenated output equals
/// <see cref="NitBlockExtractor.RemoveBlocks"/> of the whole reply, for any chunking. Visible text is delayed only
/// while the end of the input could still be the start of an opener (at most <see cref="NitBlockSyntax.MaxHoldBack"/>
/// chars). One instance per stream; not thread-safe. The filter can be reused after <see cref="Flush()"/>.
/// </summary>
public sealed class NitStreamFilter
{
    private readonly int _idDigits;
    private char[] _work = new char[64];
    private char[] _output = new char[64];
    private int _held;
    private bool _inBlock;
    private NitBlockKind _blockKind;

    /// <summary>Creates a filter for the given tag syntax (default: 4-hex-digit IDs).</summary>
    public NitStreamFilter(NitBlockSyntax? syntax = null)
    {
        Syntax = syntax ?? NitBlockSyntax.Default;
        _idDigits = Syntax.IdHexDigits;
    }

    /// <summary>The tag syntax (the same object should be used for extraction).</summary>
    public NitBlockSyntax Syntax { get; }

    /// <summary>True while the input seen so far ends inside a block.</summary>
    public bool IsInsideBlock => _inBlock;

    /// <summary>Visible text received but not yet returned (a possible opener prefix); 0 inside a block.</summary>
    public int HeldBackLength => _inBlock ? 0 : _held;

    /// <summary>Filters one delta and returns the text that became visible.</summary>
    public string Push(string? delta)
    {
        if (string.IsNullOrEmpty(delta))
        {
            return Push(ReadOnlySpan<char>.Empty);
        }

        bool whole = _held == 0 && !_inBlock;
        int n = Process(delta, final: false);

        // Plain text passes through without a copy: the output is the whole delta.
        return n == 0 ? string.Empty : whole && n == delta.Length ? delta : new string(_output, 0, n);
    }

    /// <summary>Filters one delta and returns the text that became visible.</summary>
    public string Push(ReadOnlySpan<char> delta)
    {
        int n = Process(delta, final: false);
        return n == 0 ? string.Empty : new string(_output, 0, n);
    }

    /// <summary>Filters one delta and appends the text that became visible to <paramref name="visible"/>.</summary>
    public void Push(ReadOnlySpan<char> delta, StringBuilder visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        int n = Process(delta, final: false);
        visible.Append(_output, 0, n);
    }

    /// <summary>
    /// Ends the stream: returns held-back text, or nothing if the stream ended inside a block (the unclosed block is
    /// dropped, as the extractor never runs it). Resets the filter.
    /// </summary>
    public string Flush()
    {
        int n = Process(default, final: true);
        string result = n == 0 ? string.Empty : new string(_output, 0, n);
        Reset();
        return result;
    }

    /// <summary>Ends the stream, appending the remaining visible text to <paramref name="visible"/>. Resets the filter.</summary>
    public void Flush(StringBuilder visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        int n = Process(default, final: true);
        visible.Append(_output, 0, n);
        Reset();
    }

    /// <summary>Forgets all state, as if no text had been pushed.</summary>
    public void Reset()
    {
        _held = 0;
        _inBlock = false;
    }

    /// <summary>Runs the state machine over held text + delta; writes visible text to <see cref="_output"/>.</summary>
    private int Process(ReadOnlySpan<char> delta, bool final)
    {
        int total = _held + delta.Length;
        if (total == 0)
        {
            return 0;
        }

        ReadOnlySpan<char> s;
        if (_held == 0)
        {
            s = delta; // nothing carried over: scan the delta in place
        }
        else
        {
            if (_work.Length < total)
            {
                Array.Resize(ref _work, Math.Max(total, _work.Length * 2));
            }

            delta.CopyTo(_work.AsSpan(_held));
            s = _work.AsSpan(0, total);
        }

        if (_output.Length < total)
        {
            _output = new char[Math.Max(total, _output.Length * 2)];
        }

        Span<char> o = _output;
        int written = 0;
        int i = 0;
        int keepFrom = total; // start of the text carried over to the next call
        bool inside = _inBlock;
        NitBlockKind kind = _blockKind;
        int digits = _idDigits;

        while (i < total)
        {
            if (!inside)
            {
                int rel = s[i..].IndexOfAny('<', '[');
                if (rel < 0)
                {
                    s[i..].CopyTo(o[written..]);
                    written += total - i;
                    break;
                }

                s.Slice(i, rel).CopyTo(o[written..]);
                written += rel;
                i += rel;

                // Quick reject: after '<' only 'n'/'N' can continue an opener.
                if (s[i] == '<' && i + 1 < total && (s[i + 1] | 0x20) != 'n')
                {
                    o[written++] = '<';
                    i++;
                    continue;
                }

                NitTagMatch match = NitTagMatcher.MatchOpener(s[i..], digits, out NitBlockKind opened, out int length);
                if (match == NitTagMatch.Full)
                {
                    inside = true;
                    kind = opened;
                    i += length;
                }
                else if (match == NitTagMatch.Partial && !final)
                {
                    keepFrom = i; // the tail may still become an opener: hold it back
                    break;
                }
                else
                {
                    o[written++] = s[i++];
                }
            }
            else
            {
                int rel = s[i..].IndexOf(NitTagMatcher.CloserStart(kind));
                if (rel < 0)
                {
                    break; // all hidden
                }

                i += rel;
                NitTagMatch match = NitTagMatcher.MatchCloser(s[i..], kind, digits, out int length);
                if (match == NitTagMatch.Full)
                {
                    inside = false;
                    i += length;
                }
                else if (match == NitTagMatch.Partial && !final)
                {
                    keepFrom = i; // a split closer
                    break;
                }
                else
                {
                    i++;
                }
            }
        }

        _inBlock = inside;
        _blockKind = kind;
        _held = total - keepFrom;
        if (_held > 0)
        {
            s[keepFrom..].CopyTo(_work); // at most one tag long; overlapping copies are safe
        }

        return written;
    }
}
