namespace PeroCore.Agent.Prompts;

/// <summary>The outcome of rendering a template.</summary>
/// <param name="Text">The rendered text. Problems are marked in place: <c>[missing: name]</c>, <c>[cycle: a &gt; b &gt; a]</c>, <c>[truncated]</c>.</param>
/// <param name="Missing">Names that were neither a variable nor a template, in order of first appearance, without duplicates.</param>
/// <param name="Cycles">Template chains that referred back to themselves, e.g. <c>a &gt; b &gt; a</c>.</param>
/// <param name="Truncated">The output reached the renderer's size or depth limit.</param>
public sealed record PromptRenderResult(string Text, IReadOnlyList<string> Missing, IReadOnlyList<string> Cycles, bool Truncated)
{
    /// <summary>True when every name resolved, no cycle was found and nothing was cut.</summary>
    public bool IsComplete => Missing.Count == 0 && Cycles.Count == 0 && !Truncated;

    /// <inheritdoc />
    public override string ToString() => Text;
}
