using System.Text;
using System.Text.RegularExpressions;
using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Speech;

/// <summary>
/// What a voice reply shows and what it speaks (the original's <c>_clean_text</c>, <c>voice_manager.py</c>):
/// <list type="bullet">
/// <item><see cref="ForDisplay"/>: NIT scripts (<c>[[[NIT_CALL]]]…[[[NIT_END]]]</c>, <c>&lt;nit&gt;…&lt;/nit&gt;</c>), upper-case
/// blocks such as <c>&lt;PEROCUE&gt;…&lt;/PEROCUE&gt;</c>, any other tag and RAG markers removed; runs of blank lines collapsed
/// into one line break;</item>
/// <item><see cref="ForSpeech"/>: the display text without thinking blocks (<c>【Thinking: …】</c>, <c>【思考…】</c>), action or
/// emote markup (<c>*waves*</c>; markdown bold <c>**word**</c> keeps its word; full-width parentheses such as <c>（笑）</c> are
/// kept: they are words), leftover markdown symbols, keeping only the last paragraph, as the original did.</item>
/// </list>
/// </summary>
public static partial class SpeechText
{
    /// <summary>The text a reply shows.</summary>
    public static string ForDisplay(string? text)
    {
        var cleaned = HistoryTextCleaner.Clean(text).Replace("\r\n", "\n", StringComparison.Ordinal);
        return BlankLines().Replace(cleaned, "\n").Trim();
    }

    /// <summary>The text a reply speaks (may be empty: then there is nothing to say).</summary>
    public static string ForSpeech(string? text)
    {
        var s = ForDisplay(text);
        s = Thinking().Replace(s, string.Empty);
        s = Bold().Replace(s, "$1");
        s = Action().Replace(s, string.Empty);
        s = Markdown().Replace(s, string.Empty);
        var last = s.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        return Spaces().Replace(last, " ").Trim();
    }

    /// <summary>
    /// <paramref name="text"/> trimmed and cut to at most <paramref name="maxCharacters"/>, at the last sentence end
    /// (<c>。！？.!?</c>) in the allowed part when there is one.
    /// </summary>
    public static string Limit(string? text, int maxCharacters)
    {
        var s = (text ?? string.Empty).Trim();
        if (s.Length <= maxCharacters)
        {
            return s;
        }

        var cut = s[..maxCharacters];
        if (char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        var end = cut.LastIndexOfAny(['。', '！', '？', '.', '!', '?']);
        return (end > maxCharacters / 2 ? cut[..(end + 1)] : cut).Trim();
    }

    /// <summary>The words of an utterance shown in a log or message: at most 80 characters on one line.</summary>
    public static string Preview(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(Math.Min(text.Length, 81));
        foreach (var c in text)
        {
            if (sb.Length == 80)
            {
                return sb.Append('…').ToString();
            }

            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\n\s*\n+")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"【\s*(?:thinking|思考)[^】]*】", RegexOptions.IgnoreCase)]
    private static partial Regex Thinking();

    [GeneratedRegex(@"\*\*([^*\n]{1,200})\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"\*[^*\n]{1,200}\*")]
    private static partial Regex Action();

    [GeneratedRegex(@"[*#`~_>|]+")]
    private static partial Regex Markdown();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
}
