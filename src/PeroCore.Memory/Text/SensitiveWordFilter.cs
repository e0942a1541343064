using System.Buffers;

namespace PeroCore.Memory.Text;

/// <summary>
/// Finds the words of a configurable list in a text in one pass (Aho–Corasick automaton), then masks them
/// or reports them so the caller can refuse the text.
/// </summary>
/// <remarks>
/// <para>
/// Matching is by UTF-16 characters, case-insensitive by default (simple invariant lower-casing, one
/// character to one character, so positions are those of the input); it works for Chinese and any other
/// script. Every occurrence is found, overlapping ones included (list <c>主人</c> and <c>人类</c>: both are
/// found in <c>主人类</c>).
/// </para>
/// <para>
/// Cost: building is linear in the total length of the words; a scan is linear in the text length plus the
/// number of occurrences. Words are trimmed; empty words and duplicates (after case folding) are ignored.
/// Immutable after construction and safe to share between threads.
/// </para>
/// </remarks>
internal sealed class SensitiveWordFilter
{
    private readonly SensitiveWordFilterOptions _options;
    private readonly string[] _words;
    private readonly int[] _rootTable; // root transitions by character (0 = stay at root)
    private readonly int[] _transitionStart; // per state: start in _transitionChars (length states + 1)
    private readonly char[] _transitionChars; // sorted per state
    private readonly int[] _transitionTargets;
    private readonly int[] _fail;
    private readonly int[] _output; // nearest proper-suffix state that ends a word (0 = none)
    private readonly int[] _wordOf; // word index ending at the state, or -1
    private readonly int[] _depth;

    /// <summary>Builds the filter.</summary>
    /// <param name="words">The word list (any script).</param>
    /// <param name="options">The settings; <see cref="SensitiveWordFilterOptions.Default"/> when null.</param>
    public SensitiveWordFilter(IEnumerable<string> words, SensitiveWordFilterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        _options = options ?? SensitiveWordFilterOptions.Default;

        var kept = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var children = new List<Dictionary<char, int>> { new() };
        var wordOf = new List<int> { -1 };
        var depth = new List<int> { 0 };
        foreach (var raw in words)
        {
            var word = raw?.Trim();
            if (string.IsNullOrEmpty(word) || !seen.Add(Fold(word)))
            {
                continue;
            }

            var state = 0;
            foreach (var ch in word)
            {
                var c = FoldChar(ch);
                if (!children[state].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children[state][c] = next;
                    children.Add([]);
                    wordOf.Add(-1);
                    depth.Add(depth[state] + 1);
                }

                state = next;
            }

            wordOf[state] = kept.Count;
            kept.Add(word);
        }

        _words = [.. kept];
        _wordOf = [.. wordOf];
        _depth = [.. depth];
        var stateCount = children.Count;

        // Flatten the transitions, sorted per state for binary search; the root also gets a direct table.
        _transitionStart = new int[stateCount + 1];
        _transitionChars = new char[stateCount - 1];
        _transitionTargets = new int[stateCount - 1];
        var cursor = 0;
        for (var s = 0; s < stateCount; s++)
        {
            _transitionStart[s] = cursor;
            foreach (var (c, target) in children[s].OrderBy(kv => kv.Key))
            {
                _transitionChars[cursor] = c;
                _transitionTargets[cursor++] = target;
            }
        }

        _transitionStart[stateCount] = cursor;
        _rootTable = new int[char.MaxValue + 1];
        foreach (var (c, target) in children[0])
        {
            _rootTable[c] = target;
        }

        // Failure and output links, breadth first.
        _fail = new int[stateCount];
        _output = new int[stateCount];
        var queue = new Queue<int>();
        foreach (var child in children[0].Values)
        {
            queue.Enqueue(child); // fail = root, output = none
        }

        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            foreach (var (c, child) in children[s])
            {
                var f = _fail[s];
                int next;
                while ((next = Step(f, c)) < 0)
                {
                    f = _fail[f];
                }

                _fail[child] = next;
                _output[child] = _wordOf[next] >= 0 ? next : _output[next];
                queue.Enqueue(child);
            }
        }
    }

    /// <summary>Gets the words of the list (trimmed, de-duplicated), in list order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>Returns whether <paramref name="text"/> contains any listed word (stops at the first).</summary>
    public bool ContainsAny(string? text)
    {
        var visitor = new FirstMatch();
        Scan(text, ref visitor);
        return visitor.Found;
    }

    /// <summary>Returns every occurrence, ordered by end position, then longest first.</summary>
    public IReadOnlyList<SensitiveWordMatch> FindMatches(string? text)
    {
        var visitor = new AllMatches(_words);
        Scan(text, ref visitor);
        return visitor.Matches;
    }

    /// <summary>Returns the distinct listed words found, in order of first occurrence.</summary>
    public IReadOnlyList<string> FindWords(string? text)
    {
        var visitor = new DistinctWords(_words);
        Scan(text, ref visitor);
        return visitor.Words;
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every character covered by an occurrence replaced by the mask
    /// character; overlapping and adjacent occurrences simply merge. A surrogate pair becomes one mask character.
    /// </summary>
    public string Mask(string? text) => Mask(text, out _);

    /// <summary>Applies the configured <see cref="SensitiveWordFilterOptions.Mode"/>.</summary>
    public SensitiveWordResult Apply(string? text)
    {
        text ??= string.Empty;
        if (_options.Mode == SensitiveWordMode.Reject)
        {
            return new SensitiveWordResult(text, FindWords(text), SensitiveWordMode.Reject);
        }

        var masked = Mask(text, out var words);
        return new SensitiveWordResult(masked, words, SensitiveWordMode.Mask);
    }

    private string Mask(string? text, out IReadOnlyList<string> words)
    {
        if (string.IsNullOrEmpty(text))
        {
            words = [];
            return string.Empty;
        }

        var coverage = ArrayPool<int>.Shared.Rent(text.Length + 1);
        try
        {
            Array.Clear(coverage, 0, text.Length + 1);
            var visitor = new Coverage(coverage, _words);
            Scan(text, ref visitor);
            words = visitor.Words;
            if (words.Count == 0)
            {
                return text;
            }

            var builder = new System.Text.StringBuilder(text.Length);
            var depth = 0;
            for (var i = 0; i < text.Length; i++)
            {
                depth += coverage[i];
                if (depth <= 0)
                {
                    builder.Append(text[i]);
                    continue;
                }

                builder.Append(_options.MaskChar);
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                    && depth + coverage[i + 1] > 0)
                {
                    depth += coverage[++i]; // the low half of the same scalar value
                }
            }

            return builder.ToString();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(coverage);
        }
    }

    /// <summary>Runs the automaton over the text, reporting (word, start, length) to the visitor.</summary>
    private void Scan<TVisitor>(string? text, ref TVisitor visitor)
        where TVisitor : struct, IMatchVisitor
    {
        if (string.IsNullOrEmpty(text) || _words.Length == 0)
        {
            return;
        }

        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = FoldChar(text[i]);
            while (true)
            {
                if (state == 0)
                {
                    state = _rootTable[c];
                    break;
                }

                var next = Step(state, c);
                if (next >= 0)
                {
                    state = next;
                    break;
                }

                state = _fail[state];
            }

            var hit = _wordOf[state] >= 0 ? state : _output[state];
            while (hit > 0)
            {
                if (!visitor.OnMatch(_wordOf[hit], i - _depth[hit] + 1, _depth[hit]))
                {
                    return;
                }

                hit = _output[hit];
            }
        }
    }

    /// <summary>The goto function: the child of <paramref name="state"/> on <paramref name="c"/>, or -1 (root: 0).</summary>
    private int Step(int state, char c)
    {
        if (state == 0)
        {
            return _rootTable[c];
        }

        var index = Array.BinarySearch(_transitionChars, _transitionStart[state], _transitionStart[state + 1] - _transitionStart[state], c);
        return index >= 0 ? _transitionTargets[index] : -1;
    }

    private char FoldChar(char c) => _options.IgnoreCase ? char.ToLowerInvariant(c) : c;

    private string Fold(string word) =>
        _options.IgnoreCase
            ? string.Create(word.Length, word, static (span, w) =>
            {
                for (var i = 0; i < w.Length; i++)
                {
                    span[i] = char.ToLowerInvariant(w[i]);
                }
            })
            : word;

    private interface IMatchVisitor
    {
        bool OnMatch(int word, int start, int length);
    }

    private struct FirstMatch : IMatchVisitor
    {
        public bool Found;

        public bool OnMatch(int word, int start, int length)
        {
            Found = true;
            return false;
        }
    }

    private readonly struct AllMatches(string[] words) : IMatchVisitor
    {
        public List<SensitiveWordMatch> Matches { get; } = [];

        public bool OnMatch(int word, int start, int length)
        {
            Matches.Add(new SensitiveWordMatch(words[word], start, length));
            return true;
        }
    }

    private readonly struct DistinctWords(string[] words) : IMatchVisitor
    {
        private readonly HashSet<int> _seen = [];

        public List<string> Words { get; } = [];

        public bool OnMatch(int word, int start, int length)
        {
            if (_seen.Add(word))
            {
                Words.Add(words[word]);
            }

            return true;
        }
    }

    private readonly struct Coverage(int[] coverage, string[] words) : IMatchVisitor
    {
        private readonly DistinctWords _distinct = new(words);

        public List<string> Words => _distinct.Words;

        public bool OnMatch(int word, int start, int length)
        {
            coverage[start]++;
            coverage[start + length]--;
            return _distinct.OnMatch(word, start, length);
        }
    }
}
