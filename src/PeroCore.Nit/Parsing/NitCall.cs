namespace PeroCore.Nit.Parsing;

/// <summary>A tool call <c>[async] tool.name(a=1, b="x")</c>.</summary>
public sealed class NitCall : NitExpression
{
    internal NitCall(string toolName, IReadOnlyList<NitArgument> arguments, bool isAsync, string? callback, int line, int column)
        : base(line, column)
    {
        ToolName = toolName;
        Arguments = arguments;
        IsAsync = isAsync;
        Callback = callback;
    }

    /// <summary>The tool name as written, dotted parts joined with <c>.</c> (e.g. <c>FileSearch.read_file_content</c>).</summary>
    public string ToolName { get; }

    /// <summary>
    /// Keyword arguments in source order. A repeated name keeps its first position and takes the last value
    /// (Python dict semantics), so names are unique.
    /// </summary>
    public IReadOnlyList<NitArgument> Arguments { get; }

    /// <summary>True when the call was prefixed with <c>async</c>.</summary>
    public bool IsAsync { get; }

    /// <summary>
    /// The lifted <c>callback=</c> literal as a string (also for sync calls and numbers, as in the seed),
    /// or <see langword="null"/>. The <c>callback</c> argument also stays in <see cref="Arguments"/>.
    /// </summary>
    public string? Callback { get; }

    /// <summary>Finds an argument by its exact name.</summary>
    public NitArgument? FindArgument(string name)
    {
        foreach (NitArgument argument in Arguments)
        {
            if (string.Equals(argument.Name, name, StringComparison.Ordinal))
            {
                return argument;
            }
        }

        return null;
    }
}
