using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PeroCore.Agent.Tools.Workspace;

/// <summary>
/// Applies a unified diff (<c>@@ -a,b +c,d @@</c> hunks of context, <c>-</c> and <c>+</c> lines) to a text, all or nothing:
/// every hunk must find its context and removed lines in the file (at its stated line, or the nearest place further on
/// where they match exactly), or nothing is changed. File headers (<c>---</c>, <c>+++</c>, <c>diff</c>, <c>index</c>) are
/// skipped; the counts in the hunk headers are not trusted (models get them wrong), the hunk's lines are.
/// </summary>
public static partial class UnifiedDiff
{
    /// <summary>The patched text (line endings of the original kept).</summary>
    /// <exception cref="DiffApplyException">The diff is malformed or a hunk does not apply.</exception>
    public static string Apply(string original, string diff)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(diff);
        var newline = original.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var endsWithNewline = original.Length == 0 || original.EndsWith('\n');
        var normalized = original.Replace("\r\n", "\n", StringComparison.Ordinal);
        var body = normalized.EndsWith('\n') ? normalized[..^1] : normalized;
        var lines = normalized.Length == 0 ? new List<string>() : body.Split('\n').ToList();

        var hunks = Parse(diff);
        if (hunks.Count == 0)
        {
            throw new DiffApplyException("The diff has no hunk (a hunk starts with a line like '@@ -1,3 +1,4 @@').");
        }

        var offset = 0;
        var cursor = 0;
        for (var h = 0; h < hunks.Count; h++)
        {
            var hunk = hunks[h];
            var expected = hunk.Lines.Where(l => l.Kind != '+').Select(l => l.Text).ToList();
            var replacement = hunk.Lines.Where(l => l.Kind != '-').Select(l => l.Text).ToList();
            var wanted = Math.Max(0, (expected.Count == 0 ? hunk.OldStart : hunk.OldStart - 1) + offset);
            var at = Find(lines, expected, wanted, cursor);
            if (at < 0)
            {
                var first = expected.FirstOrDefault(e => e.Trim().Length > 0) ?? expected.FirstOrDefault() ?? string.Empty;
                throw new DiffApplyException(string.Format(CultureInfo.InvariantCulture,
                    "Hunk {0} (@@ -{1} @@) does not apply: its lines, starting with \"{2}\", are not in the file. Nothing was changed.",
                    h + 1, hunk.OldStart, first.Length > 80 ? first[..80] + "…" : first));
            }

            lines.RemoveRange(at, expected.Count);
            lines.InsertRange(at, replacement);
            cursor = at + replacement.Count;
            offset += replacement.Count - expected.Count;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            sb.Append(lines[i]);
            if (i < lines.Count - 1 || endsWithNewline)
            {
                sb.Append(newline);
            }
        }

        return sb.ToString();
    }

    private static int Find(List<string> lines, List<string> expected, int wanted, int cursor)
    {
        if (expected.Count == 0)
        {
            return Math.Clamp(wanted, cursor, lines.Count);
        }

        if (wanted >= cursor && Matches(lines, expected, wanted))
        {
            return wanted;
        }

        // The nearest exact match at or after the cursor.
        var best = -1;
        for (var i = cursor; i + expected.Count <= lines.Count; i++)
        {
            if (Matches(lines, expected, i) && (best < 0 || Math.Abs(i - wanted) < Math.Abs(best - wanted)))
            {
                best = i;
            }
        }

        return best;
    }

    private static bool Matches(List<string> lines, List<string> expected, int at)
    {
        if (at < 0 || at + expected.Count > lines.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (!string.Equals(lines[at + i].TrimEnd(), expected[i].TrimEnd(), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static List<Hunk> Parse(string diff)
    {
        var hunks = new List<Hunk>();
        Hunk? current = null;
        var lineNumber = 0;
        foreach (var raw in diff.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            lineNumber++;
            var header = HunkHeader().Match(raw);
            if (header.Success)
            {
                current = new Hunk(int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture));
                hunks.Add(current);
                continue;
            }

            if (current is null || raw.StartsWith("--- ", StringComparison.Ordinal) || raw.StartsWith("+++ ", StringComparison.Ordinal)
                || raw.StartsWith("diff ", StringComparison.Ordinal) || raw.StartsWith("index ", StringComparison.Ordinal))
            {
                if (raw.StartsWith("@@", StringComparison.Ordinal))
                {
                    throw new DiffApplyException($"Line {lineNumber} of the diff is not a valid hunk header: \"{raw}\".");
                }

                current = raw.StartsWith("--- ", StringComparison.Ordinal) || raw.StartsWith("diff ", StringComparison.Ordinal) ? null : current;
                continue;
            }

            if (raw.StartsWith('\\'))
            {
                continue; // "\ No newline at end of file"
            }

            if (raw.Length == 0)
            {
                current.Lines.Add(new DiffLine(' ', string.Empty));
                continue;
            }

            var kind = raw[0];
            if (kind is not (' ' or '-' or '+'))
            {
                throw new DiffApplyException($"Line {lineNumber} of the diff starts with '{kind}'; hunk lines start with ' ', '-' or '+'.");
            }

            current.Lines.Add(new DiffLine(kind, raw[1..]));
        }

        foreach (var hunk in hunks)
        {
            // A trailing empty line is the end of the diff text, not a blank context line.
            while (hunk.Lines.Count > 0 && hunk.Lines[^1] is { Kind: ' ', Text.Length: 0 } && hunk == hunks[^1])
            {
                hunk.Lines.RemoveAt(hunk.Lines.Count - 1);
            }
        }

        return hunks;
    }

    [GeneratedRegex(@"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")]
    private static partial Regex HunkHeader();

    private sealed record DiffLine(char Kind, string Text);

    private sealed class Hunk(int oldStart)
    {
        public int OldStart { get; } = oldStart;

        public List<DiffLine> Lines { get; } = [];
    }
}
