using System.Text;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// Cleans stored conversation text before it goes back into a prompt, in linear time (no backtracking regex). Applies,
/// in order, the rules of the original history preprocessor plus NIT script removal:
/// <list type="number">
/// <item>remove every RAG start comment <c>&lt;!-- PERO_RAG_BLOCK_START ... --&gt;</c> (an unclosed one runs to the end) and every <c>&lt;!-- PERO_RAG_BLOCK_END --&gt;</c>;</item>
/// <item>remove NIT blocks: <c>[[[NIT_CALL]]] ... [[[NIT_END]]]</c> and <c>&lt;nit&gt;</c>/<c>&lt;nit-XXXX&gt;</c> ... matching closing tag (case-insensitive);</item>
/// <item>remove whole upper-case blocks <c>&lt;NAME&gt; ... &lt;/NAME&gt;</c> (NAME of <c>A-Z</c> and <c>_</c>, nearest matching close), e.g. <c>&lt;FILE_RESULTS&gt;</c>;</item>
/// <item>remove any remaining tag <c>&lt;...&gt;</c> (a <c>&lt;</c>, at least one character other than <c>&gt;</c>, then <c>&gt;</c>);</item>
/// <item>trim. An empty result means the message should be dropped.</item>
/// </list>
/// </summary>
public static class HistoryTextCleaner
{
    private const string NitCallStart = "[[[NIT_CALL]]]";
    private const string NitCallEnd = "[[[NIT_END]]]";

    /// <summary>Applies every rule and trims.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var s = RemoveRagMarkers(text);
        s = RemoveLegacyNit(s);
        s = RemoveNamedBlocks(s);
        s = RemoveTags(s);
        return s.Trim();
    }

    /// <summary>Removes RAG frame comments only (rule 1).</summary>
    public static string RemoveRagMarkers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RemoveSpans(text, RagBlock.StartMarker, "-->", unclosedRunsToEnd: true).Replace(RagBlock.EndMarker, string.Empty, StringComparison.Ordinal);
    }

    private static string RemoveLegacyNit(string text) => RemoveSpans(text, NitCallStart, NitCallEnd, unclosedRunsToEnd: false);

    /// <summary>
    /// Removes every span from <paramref name="open"/> to the nearest following <paramref name="close"/> (both included).
    /// An opener without a closer is removed with the rest of the text, or left alone, as <paramref name="unclosedRunsToEnd"/> says.
    /// </summary>
    private static string RemoveSpans(string text, string open, string close, bool unclosedRunsToEnd)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var pos = 0;
        while (start >= 0)
        {
            var end = text.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                // No closer after this opener: none after a later opener either.
                if (unclosedRunsToEnd)
                {
                    sb.Append(text, pos, start - pos);
                    pos = text.Length;
                }

                break;
            }

            sb.Append(text, pos, start - pos);
            pos = end + close.Length;
            start = text.IndexOf(open, pos, StringComparison.Ordinal);
        }

        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }

    /// <summary>
    /// Removes <c>&lt;NAME&gt;...&lt;/NAME&gt;</c> blocks (upper-case names) and NIT script blocks. All closing tags are indexed
    /// in one pass; each opening tag then finds its nearest closing tag through a per-name cursor, so the whole pass is linear.
    /// </summary>
    private static string RemoveNamedBlocks(string text)
    {
        if (text.IndexOf('<') < 0)
        {
            return text;
        }

        // Pass 1: positions of every closing tag, by normalised name.
        var closes = new Dictionary<string, List<(int Start, int End)>>(StringComparer.Ordinal);
        for (var i = text.IndexOf("</", StringComparison.Ordinal); i >= 0; i = text.IndexOf("</", i + 2, StringComparison.Ordinal))
        {
            if (TryReadTag(text, i + 2, out var name, out var end))
            {
                if (!closes.TryGetValue(name, out var list))
                {
                    list = [];
                    closes[name] = list;
                }

                list.Add((i, end));
            }
        }

        if (closes.Count == 0)
        {
            return text;
        }

        // Pass 2: walk opening tags left to right.
        var cursors = new Dictionary<string, int>(StringComparer.Ordinal);
        var sb = new StringBuilder(text.Length);
        var pos = 0;
        var scan = 0;
        while (true)
        {
            var lt = text.IndexOf('<', scan);
            if (lt < 0)
            {
                break;
            }

            if (lt + 1 < text.Length && text[lt + 1] != '/' && TryReadTag(text, lt + 1, out var name, out var openEnd)
                && closes.TryGetValue(name, out var list))
            {
                cursors.TryGetValue(name, out var cursor);
                while (cursor < list.Count && list[cursor].Start < openEnd)
                {
                    cursor++;
                }

                cursors[name] = cursor;
                if (cursor < list.Count)
                {
                    sb.Append(text, pos, lt - pos);
                    pos = list[cursor].End;
                    scan = pos;
                    continue;
                }
            }

            scan = lt + 1;
        }

        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }

    /// <summary>
    /// Reads a tag name at <paramref name="at"/> followed by <c>&gt;</c>: either upper-case letters and underscores (exact),
    /// or <c>nit</c> / <c>nit-</c> plus hex digits (any case, normalised to lower case).
    /// </summary>
    private static bool TryReadTag(string text, int at, out string name, out int end)
    {
        name = string.Empty;
        end = 0;
        var i = at;
        while (i < text.Length && (char.IsAsciiLetterUpper(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (i > at && i < text.Length && text[i] == '>')
        {
            name = text[at..i];
            end = i + 1;
            return true;
        }

        // NIT script tags: <nit>, <nit-a1b2> (case-insensitive).
        if (at + 3 <= text.Length && text.AsSpan(at, 3).Equals("nit", StringComparison.OrdinalIgnoreCase))
        {
            i = at + 3;
            if (i < text.Length && text[i] == '-')
            {
                var digits = i + 1;
                while (digits < text.Length && char.IsAsciiHexDigit(text[digits]) && digits - i <= 16)
                {
                    digits++;
                }

                if (digits == i + 1)
                {
                    return false;
                }

                i = digits;
            }

            if (i < text.Length && text[i] == '>')
            {
                name = "nit:" + text[at..i].ToLowerInvariant();
                end = i + 1;
                return true;
            }
        }

        return false;
    }

    private static string RemoveTags(string text)
    {
        var lt = text.IndexOf('<');
        if (lt < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var pos = 0;
        while (lt >= 0)
        {
            var gt = text.IndexOf('>', lt + 1);
            if (gt < 0)
            {
                // No '>' after this '<': no later '<' can close either.
                break;
            }

            if (gt == lt + 1)
            {
                // "<>" is not a tag.
                lt = text.IndexOf('<', gt);
                continue;
            }

            sb.Append(text, pos, lt - pos);
            pos = gt + 1;
            lt = text.IndexOf('<', pos);
        }

        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }
}
