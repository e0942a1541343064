using System.Text;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// Replaces <c>{{name}}</c> placeholders (name: letters, digits, <c>_</c>, <c>-</c>, <c>.</c>; spaces inside the braces
/// allowed) with a variable or, failing that, another template rendered recursively.
/// </summary>
/// <remarks>
/// <para><b>Variables are inserted literally</b> and never scanned again: a memory or a persona that contains
/// <c>{{...}}</c> cannot pull in other templates or values. Variables win over templates of the same name, so a caller
/// can blank out a section by passing an empty variable named like the template.</para>
/// <para><b>Safety.</b> A template that includes itself, directly or through others, is replaced by
/// <c>[cycle: a &gt; b &gt; a]</c>; an unknown name by <c>[missing: name]</c>; both are reported. Each template is rendered
/// once per call and reused, placeholders are found with a bounded look-ahead, and the output stops at
/// <see cref="MaxOutputChars"/>, so rendering is linear in the output size and always ends.</para>
/// </remarks>
public sealed class PromptRenderer
{
    private const int MaxNameLength = 64;

    /// <summary>Creates a renderer.</summary>
    /// <param name="maxOutputChars">Output limit (default 1,000,000 characters).</param>
    /// <param name="maxDepth">Template nesting limit (default 32).</param>
    public PromptRenderer(int maxOutputChars = 1_000_000, int maxDepth = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutputChars, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        MaxOutputChars = maxOutputChars;
        MaxDepth = maxDepth;
    }

    /// <summary>Output limit in characters.</summary>
    public int MaxOutputChars { get; }

    /// <summary>Template nesting limit.</summary>
    public int MaxDepth { get; }

    /// <summary>Renders the template <paramref name="rootName"/>.</summary>
    /// <param name="templates">Templates by name (ordinal).</param>
    /// <param name="rootName">The template to render.</param>
    /// <param name="variables">Values by name (ordinal); null values render as empty text.</param>
    public PromptRenderResult Render(IReadOnlyDictionary<string, string> templates, string rootName, IReadOnlyDictionary<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentException.ThrowIfNullOrEmpty(rootName);
        var run = new Run(this, templates, variables ?? new Dictionary<string, string?>());
        if (!templates.TryGetValue(rootName, out var root))
        {
            run.AddMissing(rootName);
            return run.Result("[missing: " + rootName + "]");
        }

        run.Stack.Add(rootName);
        var sb = new StringBuilder(root.Length * 2);
        run.Expand(root, sb);
        return run.Result(sb.ToString());
    }

    /// <summary>Renders a text (not a named template) with the same rules.</summary>
    public PromptRenderResult RenderText(IReadOnlyDictionary<string, string> templates, string text, IReadOnlyDictionary<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(text);
        var run = new Run(this, templates, variables ?? new Dictionary<string, string?>());
        var sb = new StringBuilder(text.Length * 2);
        run.Expand(text, sb);
        return run.Result(sb.ToString());
    }

    private sealed class Run(PromptRenderer owner, IReadOnlyDictionary<string, string> templates, IReadOnlyDictionary<string, string?> variables)
    {
        private readonly List<string> _missing = [];
        private readonly HashSet<string> _missingSet = new(StringComparer.Ordinal);
        private readonly List<string> _cycles = [];
        private readonly Dictionary<string, string> _done = new(StringComparer.Ordinal);
        private bool _truncated;

        public List<string> Stack { get; } = [];

        public PromptRenderResult Result(string text) => new(text, _missing, _cycles, _truncated);

        public void AddMissing(string name)
        {
            if (_missingSet.Add(name))
            {
                _missing.Add(name);
            }
        }

        /// <summary>Appends <paramref name="text"/> to <paramref name="sb"/> with placeholders expanded. Returns false when a cycle was hit below.</summary>
        public bool Expand(string text, StringBuilder sb)
        {
            var clean = true;
            var pos = 0;
            while (pos < text.Length)
            {
                if (_truncated)
                {
                    return clean;
                }

                var open = text.IndexOf("{{", pos, StringComparison.Ordinal);
                if (open < 0)
                {
                    Append(sb, text.AsSpan(pos));
                    break;
                }

                Append(sb, text.AsSpan(pos, open - pos));
                if (!TryReadName(text, open, out var name, out var end))
                {
                    Append(sb, "{{");
                    pos = open + 2;
                    continue;
                }

                pos = end;
                if (variables.TryGetValue(name, out var value))
                {
                    Append(sb, value ?? string.Empty);
                }
                else if (_done.TryGetValue(name, out var rendered))
                {
                    Append(sb, rendered);
                }
                else if (templates.TryGetValue(name, out var template))
                {
                    if (Stack.Contains(name))
                    {
                        var chain = string.Join(" > ", Stack[Stack.IndexOf(name)..]) + " > " + name;
                        _cycles.Add(chain);
                        Append(sb, "[cycle: " + chain + "]");
                        clean = false;
                    }
                    else if (Stack.Count >= owner.MaxDepth)
                    {
                        sb.Append("[truncated]");
                        _truncated = true;
                    }
                    else
                    {
                        Stack.Add(name);
                        var startLength = sb.Length;
                        var innerClean = Expand(template, sb);
                        Stack.RemoveAt(Stack.Count - 1);
                        if (innerClean && !_truncated)
                        {
                            // Cycle markers depend on the path; only clean renders are reused.
                            _done[name] = sb.ToString(startLength, sb.Length - startLength);
                        }

                        clean &= innerClean;
                    }
                }
                else
                {
                    AddMissing(name);
                    Append(sb, "[missing: " + name + "]");
                }
            }

            return clean;
        }

        private void Append(StringBuilder sb, ReadOnlySpan<char> text)
        {
            if (_truncated)
            {
                return;
            }

            var room = owner.MaxOutputChars - sb.Length;
            if (text.Length <= room)
            {
                sb.Append(text);
                return;
            }

            sb.Append(text[..Math.Max(0, room)]);
            sb.Append("[truncated]");
            _truncated = true;
        }

        private static bool TryReadName(string text, int open, out string name, out int end)
        {
            name = string.Empty;
            end = 0;
            var limit = Math.Min(text.Length, open + 2 + MaxNameLength + 4);
            var close = text.IndexOf("}}", open + 2, limit - (open + 2), StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            var inner = text.AsSpan(open + 2, close - open - 2).Trim();
            if (inner.Length is 0 or > MaxNameLength)
            {
                return false;
            }

            foreach (var c in inner)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                {
                    return false;
                }
            }

            name = inner.ToString();
            end = close + 2;
            return true;
        }
    }
}
