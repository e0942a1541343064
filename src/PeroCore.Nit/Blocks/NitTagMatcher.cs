namespace PeroCore.Nit.Blocks;

/// <summary>Result of matching a tag at a position.</summary>
internal enum NitTagMatch
{
    /// <summary>No tag starts here.</summary>
    None,

    /// <summary>The remaining text is a proper prefix of a tag: more input is needed to decide.</summary>
    Partial,

    /// <summary>A complete tag starts here.</summary>
    Full,
}

/// <summary>
/// The single tag rule (spec §1.1 profile R and §4.4) used by the extractor and the stream filter.
/// Openers start with <c>&lt;</c> or <c>[</c>; a script block closes at the nearest <c>&lt;/nit&gt;</c> or
/// <c>&lt;/nit-XXXX&gt;</c> (any ID, any case), a legacy block at the nearest <c>[[[NIT_END]]]</c>.
/// </summary>
internal static class NitTagMatcher
{
    /// <summary>Matches an opener at <c>text[0]</c>, which must be <c>&lt;</c> or <c>[</c>.</summary>
    public static NitTagMatch MatchOpener(ReadOnlySpan<char> text, int idDigits, out NitBlockKind kind, out int length)
    {
        if (text[0] == '<')
        {
            kind = NitBlockKind.Script;
            return MatchNitName(text, 1, idDigits, out length);
        }

        kind = NitBlockKind.Legacy;
        return MatchLiteral(text, NitBlockSyntax.LegacyOpener, out length);
    }

    /// <summary>Matches a closer of the given block kind at <c>text[0]</c>.</summary>
    public static NitTagMatch MatchCloser(ReadOnlySpan<char> text, NitBlockKind kind, int idDigits, out int length)
    {
        if (kind == NitBlockKind.Legacy)
        {
            return MatchLiteral(text, NitBlockSyntax.LegacyCloser, out length);
        }

        length = 0;
        if (text[0] != '<')
        {
            return NitTagMatch.None;
        }

        if (text.Length < 2)
        {
            return NitTagMatch.Partial;
        }

        return text[1] == '/' ? MatchNitName(text, 2, idDigits, out length) : NitTagMatch.None;
    }

    /// <summary>The first char of a closer for the block kind.</summary>
    public static char CloserStart(NitBlockKind kind) => kind == NitBlockKind.Legacy ? '[' : '<';

    /// <summary>Matches <c>nit&gt;</c> or <c>nit-XXXX&gt;</c> (case-insensitive) starting at <paramref name="start"/>.</summary>
    private static NitTagMatch MatchNitName(ReadOnlySpan<char> text, int start, int idDigits, out int length)
    {
        length = 0;
        int i = start;
        foreach (char expected in "nit")
        {
            if (i >= text.Length)
            {
                return NitTagMatch.Partial;
            }

            if ((text[i] | 0x20) != expected)
            {
                return NitTagMatch.None;
            }

            i++;
        }

        if (i >= text.Length)
        {
            return NitTagMatch.Partial;
        }

        if (text[i] == '>')
        {
            length = i + 1;
            return NitTagMatch.Full;
        }

        if (text[i] != '-')
        {
            return NitTagMatch.None;
        }

        i++;
        for (int d = 0; d < idDigits; d++, i++)
        {
            if (i >= text.Length)
            {
                return NitTagMatch.Partial;
            }

            if (!char.IsAsciiHexDigit(text[i]))
            {
                return NitTagMatch.None;
            }
        }

        if (i >= text.Length)
        {
            return NitTagMatch.Partial;
        }

        if (text[i] != '>')
        {
            return NitTagMatch.None;
        }

        length = i + 1;
        return NitTagMatch.Full;
    }

    private static NitTagMatch MatchLiteral(ReadOnlySpan<char> text, string tag, out int length)
    {
        length = 0;
        int n = Math.Min(text.Length, tag.Length);
        if (!text[..n].SequenceEqual(tag.AsSpan(0, n)))
        {
            return NitTagMatch.None;
        }

        if (n < tag.Length)
        {
            return NitTagMatch.Partial;
        }

        length = tag.Length;
        return NitTagMatch.Full;
    }
}
