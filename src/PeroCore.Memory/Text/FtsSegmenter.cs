using System.Text;

namespace PeroCore.Memory.Text;

/// <summary>
/// Prepares text for a SQLite FTS5 column that uses the <c>unicode61</c> tokenizer (for example
/// <c>tokenize='unicode61 remove_diacritics 2'</c>), so that Chinese, Japanese and Korean become searchable
/// by one- and two-character words.
/// </summary>
/// <remarks>
/// Text outside CJK scripts is kept as it is; unicode61 tokenizes it (and folds case and diacritics). Each
/// run of CJK characters is replaced by its single characters followed by its overlapping bigrams, all
/// separated by spaces, so unicode61 stores each of them as one token: <c>主人喜欢猫</c> becomes
/// <c>主 人 喜 欢 猫 主人 人喜 喜欢 欢猫</c>, and <c>我爱Python编程</c> becomes <c>我 爱 我爱 Python 编 程 编程</c>.
/// A query for <c>猫</c> or <c>喜欢</c> then matches (see <see cref="FtsQueryBuilder"/>, which builds queries
/// from the same units). The text is NFKC-normalised first, as queries are. Stateless and thread-safe.
/// </remarks>
internal static class FtsSegmenter
{
    private static readonly char[] TagSeparators = [',', '，', '、', ';', '；'];

    /// <summary>Returns the string to store in the FTS column for <paramref name="text"/>.</summary>
    public static string ForIndex(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = CjkText.Normalize(text);
        var builder = new StringBuilder(text.Length * 3);
        var run = new List<Range>(); // the characters of the current CJK run, as ranges of text
        var afterRun = false;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var range = new Range(index, index + rune.Utf16SequenceLength);
            index += rune.Utf16SequenceLength;
            if (CjkText.IsCjk(rune))
            {
                run.Add(range);
                continue;
            }

            if (run.Count > 0)
            {
                AppendRun(builder, text, run);
                run.Clear();
                afterRun = true;
            }

            if (afterRun && !Rune.IsWhiteSpace(rune))
            {
                builder.Append(' ');
            }

            afterRun = false;
            builder.Append(text.AsSpan(range));
        }

        if (run.Count > 0)
        {
            AppendRun(builder, text, run);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Returns the string to store in an FTS column for a comma-separated tag list (as stored in
    /// <c>memory.tags</c>; Chinese commas, <c>、</c> and semicolons also separate). Each tag is trimmed and
    /// segmented on its own (no bigram spans two tags), empty tags are dropped, and the tags are joined
    /// with <c>", "</c>, so every tag stays searchable through <see cref="FtsQueryBuilder"/>.
    /// </summary>
    public static string ForIndexTags(string? tags)
    {
        if (string.IsNullOrWhiteSpace(tags))
        {
            return string.Empty;
        }

        var parts = tags.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(", ", parts.Select(ForIndex).Where(p => p.Length > 0));
    }

    /// <summary>Appends the single characters, then the overlapping bigrams, of a CJK run.</summary>
    private static void AppendRun(StringBuilder builder, string text, List<Range> run)
    {
        if (builder.Length > 0 && !char.IsWhiteSpace(builder[^1]))
        {
            builder.Append(' ');
        }

        for (var i = 0; i < run.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(text.AsSpan(run[i]));
        }

        for (var i = 0; i + 1 < run.Count; i++)
        {
            builder.Append(' ').Append(text.AsSpan(run[i])).Append(text.AsSpan(run[i + 1]));
        }
    }
}
