using System.Text;

namespace PeroCore.Memory.Text;

/// <summary>
/// Turns raw user text into terms and a safe SQLite FTS5 <c>MATCH</c> expression for a column filled with
/// <see cref="FtsSegmenter.ForIndex"/>.
/// </summary>
/// <remarks>
/// <para>
/// Terms: the text is NFKC-normalised and split into words (runs of letters, digits and combining marks,
/// as unicode61 splits them) and CJK runs. A word becomes one lower-cased term (<c>NEBULA-2287</c> gives
/// <c>nebula</c> and <c>2287</c>); a CJK run becomes its overlapping bigrams, or its single character when
/// it has only one (<c>喜欢猫</c> gives <c>喜欢</c>, <c>欢猫</c>). Duplicates and stop words are dropped.
/// Each term is one token of the index, so the caller can look up its document frequency (for example in an
/// <c>fts5vocab</c> table) and prune the most common ones before building the expression.
/// </para>
/// <para>
/// Expression: every term in double quotes (embedded quotes doubled), joined with <c>OR</c>. A quoted string
/// is always a plain phrase in FTS5, so no user input is ever read as FTS syntax (<c>AND</c>, <c>NEAR(</c>,
/// <c>col:x</c>, <c>^</c>, <c>*</c>…). Text without any letter or digit gives no expression. Immutable and
/// thread-safe.
/// </para>
/// </remarks>
internal sealed class FtsQueryBuilder
{
    private readonly FtsQueryOptions _options;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">The settings; <see cref="FtsQueryOptions.Default"/> when null.</param>
    public FtsQueryBuilder(FtsQueryOptions? options = null)
    {
        options ??= FtsQueryOptions.Default;
        options.Validate();
        _options = options;
    }

    /// <summary>Gets a builder with the default options.</summary>
    public static FtsQueryBuilder Default { get; } = new();

    /// <summary>Extracts the terms of <paramref name="text"/> and builds the expression over all of them.</summary>
    public FtsQuery Build(string? text)
    {
        var terms = ExtractTerms(text);
        return new FtsQuery(terms, ToMatchExpression(terms));
    }

    /// <summary>Returns the distinct query terms of <paramref name="text"/>, in text order.</summary>
    public IReadOnlyList<string> ExtractTerms(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }

        text = CjkText.Normalize(text);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        var run = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (CjkText.IsCjk(rune))
            {
                FlushWord(word, terms, seen);
                run.Add(rune.ToString());
            }
            else if (CjkText.IsWordRune(rune))
            {
                FlushRun(run, terms, seen);
                word.Append(rune.ToString());
            }
            else
            {
                FlushWord(word, terms, seen);
                FlushRun(run, terms, seen);
            }
        }

        FlushWord(word, terms, seen);
        FlushRun(run, terms, seen);
        if (_options.MaxTerms > 0 && terms.Count > _options.MaxTerms)
        {
            terms.RemoveRange(_options.MaxTerms, terms.Count - _options.MaxTerms);
        }

        return terms;
    }

    /// <summary>
    /// Builds the safe <c>MATCH</c> expression for the given terms (for example a subset of
    /// <see cref="FtsQuery.Terms"/> pruned by document frequency): each term quoted with embedded
    /// <c>"</c> doubled, joined with <c>" OR "</c>. Terms without any letter or digit are skipped (FTS5 would
    /// see an empty phrase), as are duplicates. Returns null when no term is left.
    /// </summary>
    public static string? ToMatchExpression(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (string.IsNullOrEmpty(term) || !HasTokenCharacter(term) || !seen.Add(term))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(" OR ");
            }

            builder.Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static bool HasTokenCharacter(string term)
    {
        foreach (var rune in term.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return true;
            }
        }

        return false;
    }

    private void FlushWord(StringBuilder word, List<string> terms, HashSet<string> seen)
    {
        if (word.Length == 0)
        {
            return;
        }

        var term = word.ToString().ToLowerInvariant();
        word.Clear();
        if (HasTokenCharacter(term))
        {
            Add(term, terms, seen);
        }
    }

    private void FlushRun(List<string> run, List<string> terms, HashSet<string> seen)
    {
        if (run.Count == 1)
        {
            Add(run[0], terms, seen);
        }

        for (var i = 0; i + 1 < run.Count; i++)
        {
            Add(run[i] + run[i + 1], terms, seen);
        }

        if (run.Count > 1 && _options.IncludeCjkSingleCharacters)
        {
            foreach (var single in run)
            {
                Add(single, terms, seen);
            }
        }

        run.Clear();
    }

    private void Add(string term, List<string> terms, HashSet<string> seen)
    {
        if (_options.StopWords is { } stop && stop.Contains(term))
        {
            return;
        }

        if (seen.Add(term))
        {
            terms.Add(term);
        }
    }
}
