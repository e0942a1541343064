using System.Globalization;
using System.Text;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// How much of a text was copied from another: the share of its overlapping character windows (after folding case,
/// punctuation and spacing away) that also occur in the source. Works the same for English and Chinese.
/// </summary>
internal static class TextOverlap
{
    /// <summary>Window length in characters.</summary>
    public const int Window = 8;

    /// <summary>The text reduced to what the comparison looks at: lower-case letters, digits and single spaces.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>The windows of a normalized text.</summary>
    public static HashSet<string> Windows(string normalized)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + Window <= normalized.Length; i++)
        {
            set.Add(normalized.Substring(i, Window));
        }

        return set;
    }

    /// <summary>
    /// The share (0..1) of <paramref name="text"/> found in a source: of its windows, or, for a text shorter than one
    /// window, 1 when the source contains it whole.
    /// </summary>
    public static double CopiedShare(string text, string normalizedSource, HashSet<string> sourceWindows)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return 0;
        }

        if (normalized.Length < Window)
        {
            return normalizedSource.Contains(normalized, StringComparison.Ordinal) ? 1 : 0;
        }

        int total = 0, found = 0;
        for (var i = 0; i + Window <= normalized.Length; i++)
        {
            total++;
            if (sourceWindows.Contains(normalized.Substring(i, Window)))
            {
                found++;
            }
        }

        return (double)found / total;
    }

    /// <summary>The largest share of <paramref name="text"/> found in any one of the sources, and which.</summary>
    public static (double Share, int Index) MaxCopiedShare(string text, IReadOnlyList<string> sources)
    {
        var best = (Share: 0.0, Index: -1);
        for (var i = 0; i < sources.Count; i++)
        {
            var normalized = Normalize(sources[i]);
            var share = CopiedShare(text, normalized, Windows(normalized));
            if (share > best.Share)
            {
                best = (share, i);
            }
        }

        return best;
    }
}
